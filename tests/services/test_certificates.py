"""Certificates of participation (R002-13): viewed by their owner, verified publicly, revoked by staff.

Also the schema as Alembic builds it: the audit log refuses edits, and the migrations match the models.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
import sqlalchemy
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlmodel import SQLModel, select

from alembic import command
from ce_tracker.config import ROOT
from ce_tracker.models import AuditEntry, Certificate, Role
from ce_tracker.services.errors import Conflict, Invalid, NotAllowed, NotFound
from ce_tracker.services.events import certificates, cme
from ce_tracker.services.events.certificates import CertificateDay
from tests.utils import factories as f

END = date(2026, 10, 10)
AFTER = f.at(date(2026, 10, 12))
REVOKED_AT = f.at(date(2026, 11, 2))
REASON = "Attendance could not be confirmed"
@pytest.fixture
def issued(session):
    """Ada submitted her credits for a three-day event; returns (Ada, her certificate)."""
    ada = f.account(session, name="Ada Lovelace")
    activity = f.event(session, ends_on=END)
    days = f.event_days(session, activity)
    f.register(session, ada, *days)
    for day, value in zip(days, ["7.5", "0", "5.25"]):
        cme.save_day(session=session, actor=ada, event_day_id=day.id, value=value, now=AFTER)
    submission = cme.submit_event(session=session, actor=ada, activity_id=activity.id, now=AFTER)
    certificate = session.exec(select(Certificate).where(Certificate.submission_id == submission.id)).one()
    return ada, certificate


def audits(session, action: str) -> list[AuditEntry]:
    return list(session.exec(select(AuditEntry).where(AuditEntry.action == action)))


# --- viewing --------------------------------------------------------------------------------------------


def test_r002_13_the_owner_sees_the_official_record(session, issued):
    ada, certificate = issued
    view = certificates.certificate_for(session=session, actor=ada, number=certificate.number)
    assert view.number == certificate.number and view.number.startswith("CME-2026-")
    assert (view.member_name, view.event_title, view.provider, view.location) == \
        ("Ada Lovelace", "Annual Convention", "AMI", "Denver, CO")
    assert view.days == (CertificateDay(date(2026, 10, 8), Decimal("7.50")),
                         CertificateDay(date(2026, 10, 9), Decimal("0.00")),
                         CertificateDay(date(2026, 10, 10), Decimal("5.25")))
    assert view.total == Decimal("12.75")
    assert view.designation == "Designated for a maximum of 24 CE credits."
    assert view.issued_at == AFTER and view.revoked_at is None
    # People copy numbers by hand: case and stray spaces do not matter.
    assert certificates.certificate_for(session=session, actor=ada,
                                        number=f"  {certificate.number.lower()} ").number == certificate.number


def test_r002_13_staff_may_open_any_certificate_but_another_member_may_not(session, issued, staff):
    _, certificate = issued
    assert certificates.certificate_for(session=session, actor=staff, number=certificate.number).member_name == \
        "Ada Lovelace"
    intruder = f.account(session, Role.MEMBER)
    reviewer = f.account(session, Role.REVIEWER)
    for actor in (intruder, reviewer):
        with pytest.raises(NotFound, match="No such certificate"):
            certificates.certificate_for(session=session, actor=actor, number=certificate.number)
    for forged in ("CME-2026-XXXXXXXX", "", None, 42, ["x"], "C" * 33):
        with pytest.raises(NotFound):
            certificates.certificate_for(session=session, actor=staff, number=forged)


# --- public verification --------------------------------------------------------------------------------


def test_verify_by_number_alone_tells_only_that_it_exists_and_when_it_was_issued(session, issued):
    _, certificate = issued
    answer = certificates.verify(session=session, number=certificate.number)
    assert answer.found and answer.number == certificate.number
    assert answer.issued_on == AFTER.date() and not answer.revoked
    assert answer.details is None


def test_verify_with_the_right_code_shows_the_certificate(session, issued):
    _, certificate = issued
    for code in (certificate.verification_code, f" {certificate.verification_code.lower()} "):
        answer = certificates.verify(session=session, number=certificate.number, code=code)
        assert answer.found and answer.details is not None
        assert (answer.details.member_name, answer.details.event_title, answer.details.total) == \
            ("Ada Lovelace", "Annual Convention", Decimal("12.75"))


def test_verify_with_a_wrong_code_shows_no_details(session, issued):
    _, certificate = issued
    wrong = "222222" if certificate.verification_code != "222222" else "333333"
    for code in (wrong, certificate.verification_code[:-1], "", None, 123456, "é" * 6):
        answer = certificates.verify(session=session, number=certificate.number, code=code)
        assert answer.found and answer.details is None, code


@pytest.mark.parametrize("number", ["CME-2026-ZZZZZZZZ", "", "   ", None, 7, "x" * 10_000, "' OR 1=1 --"])
def test_verify_an_unknown_number_is_not_found(session, issued, number):
    _, certificate = issued
    answer = certificates.verify(session=session, number=number, code=certificate.verification_code)
    assert not answer.found and answer.details is None and answer.issued_on is None


# --- revoking -------------------------------------------------------------------------------------------


def test_staff_revoke_with_a_reason_and_verification_says_so(session, issued, staff):
    ada, certificate = issued
    certificates.revoke(session=session, actor=staff, number=certificate.number.lower(),
                        reason=f"  {REASON}  ", now=REVOKED_AT)
    answer = certificates.verify(session=session, number=certificate.number)
    assert answer.found and answer.revoked and answer.revoked_reason == REASON
    assert answer.issued_on == AFTER.date()
    view = certificates.certificate_for(session=session, actor=ada, number=certificate.number)
    assert view.revoked_at == REVOKED_AT and view.revoked_reason == REASON
    assert session.get(Certificate, certificate.id).revoked_by == staff.member_id


def test_only_staff_revoke(session, issued):
    ada, certificate = issued
    for actor in (ada, f.account(session, Role.REVIEWER)):
        with pytest.raises(NotAllowed, match="staff role"):
            certificates.revoke(session=session, actor=actor, number=certificate.number, reason=REASON,
                                now=REVOKED_AT)
    assert not certificates.verify(session=session, number=certificate.number).revoked
    assert audits(session, "certificate_revoked") == []


@pytest.mark.parametrize("reason", ["", "    ", "oops", "a  b ", "x" * 501, None])
def test_revoke_needs_a_reason_of_five_to_500_characters(session, issued, staff, reason):
    _, certificate = issued
    with pytest.raises(Invalid, match="reason of 5 to 500"):
        certificates.revoke(session=session, actor=staff, number=certificate.number, reason=reason, now=REVOKED_AT)
    assert not certificates.verify(session=session, number=certificate.number).revoked


def test_a_certificate_cannot_be_revoked_twice_or_if_it_does_not_exist(session, issued, staff):
    _, certificate = issued
    certificates.revoke(session=session, actor=staff, number=certificate.number, reason=REASON, now=REVOKED_AT)
    with pytest.raises(Conflict, match="already revoked"):
        certificates.revoke(session=session, actor=staff, number=certificate.number, reason="Another reason here",
                            now=REVOKED_AT)
    assert certificates.verify(session=session, number=certificate.number).revoked_reason == REASON
    with pytest.raises(NotFound):
        certificates.revoke(session=session, actor=staff, number="CME-2026-ZZZZZZZZ", reason=REASON, now=REVOKED_AT)


def test_issue_and_revoke_are_in_the_audit_log(session, issued, staff):
    ada, certificate = issued
    [issue] = audits(session, "certificate_issued")
    assert (issue.actor_id, issue.entity, issue.entity_id, issue.detail) == \
        (ada.member_id, "certificate", certificate.id, {"number": certificate.number})
    certificates.revoke(session=session, actor=staff, number=certificate.number, reason=REASON, now=REVOKED_AT)
    [revoke] = audits(session, "certificate_revoked")
    assert (revoke.actor_id, revoke.entity_id, revoke.detail) == (staff.member_id, certificate.id, {"reason": REASON})


# --- the schema Alembic builds --------------------------------------------------------------------------


@pytest.fixture
def migrated(tmp_path):
    """A database built by running every Alembic migration, as a deployment does."""
    url = f"sqlite:///{tmp_path / 'migrated.db'}"
    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "alembic"))
    config.attributes["url"] = url
    config.attributes["skip_logging"] = True
    command.upgrade(config, "head")
    engine = sqlalchemy.create_engine(url)
    yield engine
    engine.dispose()


def test_the_audit_log_refuses_update_and_delete(migrated):
    with migrated.begin() as connection:
        connection.execute(text("INSERT INTO audit_log (at, action, entity, entity_id, detail) "
                                "VALUES ('2026-10-12 16:00:00.000000', 'certificate_issued', 'certificate', 1, '{}')"))
    for statement in ("UPDATE audit_log SET action = 'nothing_happened'", "DELETE FROM audit_log"):
        with pytest.raises((IntegrityError, OperationalError), match="append-only"):
            with migrated.begin() as connection:
                connection.execute(text(statement))
    with migrated.connect() as connection:
        assert connection.execute(text("SELECT action FROM audit_log")).scalars().all() == ["certificate_issued"]


# SQLite cannot reflect the lower() indexes sign-in uses; test_db_rules checks both databases have them.
@pytest.mark.filterwarnings("ignore:.*expression-based index")
def test_the_migrations_build_exactly_the_schema_the_models_describe(migrated):
    """A model changed without a migration fails here, before it fails on a deployment."""
    with migrated.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, SQLModel.metadata) == []
        # The comparison does notice a change: a column the migrations never added.
        changed = sqlalchemy.MetaData()
        for table in SQLModel.metadata.tables.values():
            table.to_metadata(changed)
        changed.tables["member"].append_column(sqlalchemy.Column("nickname", sqlalchemy.String(40)))
        assert [d[0] for d in compare_metadata(context, changed)] == ["add_column"]
