"""Every kept release's database upgrades to this code's head, on SQLite and on PostgreSQL, losing nothing:
every row stays, every term counts the hours that release counted, a member signs in and reads their record,
and what the new features need of the old rows is there, as a fresh install with the same data would have it.
"""

from __future__ import annotations

import hashlib
import sqlite3
from contextlib import closing
from datetime import UTC, datetime
from decimal import Decimal

from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect, text
from sqlmodel import Session, select

from ce_tracker.config import ROOT, settings
from ce_tracker.db import make_engine
from ce_tracker.migrate import alembic_config, migrate
from ce_tracker.models import (
    ApprovalRequest,
    CertificationTerm,
    Member,
    OutboxEmail,
    ProgramRow,
    ProgramVersion,
    RenewalApplication,
    RequestStatus,
    Role,
    RoleGrant,
)
from ce_tracker.rules import local_date
from ce_tracker.services.accounts import sessions as accounts
from ce_tracker.services.accounts.actors import load_actor
from ce_tracker.services.approvals import review
from ce_tracker.services.approvals.criteria import DEFAULT_CRITERIA
from ce_tracker.services.approvals.requests import request_detail
from ce_tracker.services.programs import editor as program_admin
from ce_tracker.services.programs.store import load_program
from ce_tracker.services.record.credit_record import credit_record, term_standing
from ce_tracker.services.renewal.applications import renewal_overview
from tests.upgrade.schema import schema_of
from tests.upgrade.snapshots import VERSION_TABLE, rows_by_table

# Where this code counts a release's term differently, and why (the rules changed): {(release, term id): why}.
# Every other term must count exactly what the release counted.
RULE_CHANGES: dict[tuple[str, int], str] = {}


def _release_counts(snapshot) -> dict[str, int]:
    """Rows per table in the release's database, read from the snapshot itself."""
    with closing(sqlite3.connect(":memory:")) as connection:
        connection.executescript(snapshot.sql.read_text())
        return {table: len(rows) for table, _, rows in rows_by_table(connection) if table != VERSION_TABLE}


def _counts(engine, tables) -> dict[str, int]:
    with engine.connect() as connection:
        return {table: connection.execute(text(f'SELECT count(*) FROM "{table}"')).scalar_one() for table in tables}


def test_the_migrations_a_release_ran_are_unchanged_since(snapshot):
    """Its databases were made by them (and its PostgreSQL test database is rebuilt by them): a released
    migration is never edited; a change goes in a new one."""
    for path, digest in snapshot.facts["migrations"].items():
        assert hashlib.sha256((ROOT / path).read_bytes()).hexdigest() == digest, f"{path} changed since the release"


def test_each_release_upgrades_to_head_keeping_every_row_of_every_table(snapshot, upgraded):
    before = _release_counts(snapshot)
    assert sum(before.values()) > 300  # a demo's worth of rows, not an empty schema
    assert _counts(upgraded, before) == before
    with upgraded.connect() as connection:
        head = connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalars().all()
        if upgraded.dialect.name == "sqlite":
            assert connection.execute(text("PRAGMA foreign_key_check")).all() == []
            assert connection.execute(text("PRAGMA integrity_check")).scalar() == "ok"
    assert head == list(ScriptDirectory.from_config(alembic_config("sqlite://")).get_heads())


def test_every_term_counts_the_hours_the_release_counted(snapshot, upgraded):
    with Session(upgraded) as session:
        checked = 0
        for expected in snapshot.facts["terms"]:
            term = session.get(CertificationTerm, expected["term_id"])
            assert session.get(Member, term.member_id).username == expected["member"]
            if (snapshot.name, term.id) in RULE_CHANGES:
                continue
            standing = term_standing(session, term)
            # Compared as numbers: "9.5" and "9.50" are the same hours however a release wrote them.
            assert (standing.earned_total, standing.counted_total, standing.may_renew) == (
                Decimal(expected["earned_total"]), Decimal(expected["counted_total"]), expected["may_renew"]), \
                expected["member"]
            assert {name: c.counted for name, c in standing.categories.items()} == {
                name: Decimal(hours) for name, hours in expected["counted"].items()}
            checked += 1
    assert checked == len(snapshot.facts["terms"]) - len([k for k in RULE_CHANGES if k[0] == snapshot.name]) > 5


def test_a_member_of_the_release_signs_in_and_reads_their_record(snapshot, upgraded):
    now = snapshot.clock
    with Session(upgraded) as session:
        member = accounts.authenticate(session=session, identifier="member@demo.test",
                                       password=snapshot.facts["demo_password"], now=now)
        session.commit()
        assert member is not None, "the release's password hash no longer verifies"
        record = credit_record(session=session, actor=load_actor(session, member.id), now=now)
        term = next(t for t in snapshot.facts["terms"] if t["member"] == member.username
                    and t["starts_on"] <= str(record.today) <= t["ends_on"])
        assert (str(record.term_starts_on), str(record.standing.counted_total)) == (
            term["starts_on"], term["counted_total"])
        assert len(record.lines) > 5
        refused = accounts.authenticate(session=session, identifier="member@demo.test", password="not-it", now=now)
        assert refused is None


def test_renewal_applications_filed_before_invoices_get_the_reference_a_new_one_gets(snapshot, upgraded):
    now = snapshot.clock
    with Session(upgraded) as session:
        applications = session.exec(select(RenewalApplication)).all()
        assert applications
        for application in applications:
            member = session.get(Member, application.member_id)
            assert application.invoice_reference == f"REN-{member.member_number}-{application.term_id}"
            overview = renewal_overview(session=session, actor=load_actor(session, member.id), now=now,
                                        settings=settings)
            assert overview.application.invoice_reference == application.invoice_reference


def test_only_approved_requests_stay_published_and_the_committee_judges_old_ones_by_the_default_criteria(
        snapshot, upgraded):
    now = snapshot.clock
    with Session(upgraded) as session:
        requests = session.exec(select(ApprovalRequest)).all()
        assert {r.status for r in requests} >= {RequestStatus.PENDING, RequestStatus.APPROVED}
        assert all(r.published == (r.status is RequestStatus.APPROVED) for r in requests)
        pending = next(r for r in requests if r.status is RequestStatus.PENDING)
        reviewer_id = session.exec(select(RoleGrant.member_id).where(
            RoleGrant.role == Role.REVIEWER, RoleGrant.member_id != pending.member_id)).first()
        reviewer = load_actor(session, reviewer_id)
        view = request_detail(session=session, actor=reviewer, request_id=pending.id, now=now)
        assert [c.code for c in view.criteria] == [c.code for c in DEFAULT_CRITERIA] and not view.published
        activity = review.approve(session=session, actor=reviewer, request_id=pending.id, now=now,
                                  settings=settings,
                                  criteria={c.code: {"answer": "meets"} for c in DEFAULT_CRITERIA})
        session.commit()
        session.refresh(pending)
        assert pending.status is RequestStatus.APPROVED and len(pending.criteria) == len(DEFAULT_CRITERIA)
        assert not activity.pre_approved  # approved for the member alone, as on a fresh install


def test_staff_edit_the_program_the_release_installed_and_running_terms_keep_their_hours(snapshot, upgraded):
    now = snapshot.clock
    with Session(upgraded) as session:
        program = session.exec(select(ProgramRow).order_by(ProgramRow.id)).first()
        assert session.exec(select(ProgramVersion)).all() == []  # as a fresh install of the release's program
        staff_id = session.exec(select(RoleGrant.member_id).where(RoleGrant.role == Role.STAFF)).first()
        staff = load_actor(session, staff_id)
        terms = session.exec(select(CertificationTerm).where(CertificationTerm.program_id == program.id)).all()
        before = {term.id: term_standing(session, term).counted_total for term in terms}
        draft = program_admin.program_draft(session=session, actor=staff, program_id=program.id)
        total = Decimal(draft.total_hours) + 5
        version = program_admin.update_program(session=session, actor=staff, program_id=program.id,
                                               draft=draft.__class__(**{**draft.__dict__, "total_hours": str(total)}),
                                               apply_to_running=False, now=now)
        session.commit()
        assert version.number == 2 and load_program(session, program.id).total_hours == total
        for term in terms:
            session.refresh(term)
            assert term.program_version_id is not None and term_standing(session, term).counted_total == before[term.id]
        lines = program_admin.list_programs(session=session, actor=staff)
        assert [line.version for line in lines if line.id == program.id] == [2]
        assert local_date(load_program(session, program.id), now)  # the program's rules load and apply


def test_the_upgraded_schema_is_exactly_the_schema_a_fresh_install_gets(backend, upgraded, fresh_url):
    fresh = schema_of(fresh_url)
    assert schema_of(upgraded.url.render_as_string(hide_password=False)) == fresh
    assert inspect(upgraded).get_table_names()  # not two empty answers


def test_password_links_the_release_queued_are_delivered_working_and_scrubbed_like_new_ones(
        snapshot, release_url):
    """Sent mail loses its link at once; mail not yet sent keeps it until its reset expires, as a fresh
    install treats the mail it queues; a link whose reset is gone is scrubbed."""
    sqlite = release_url.startswith("sqlite")
    at = "2026-12-02 01:40:58" + (".000000" if sqlite else "+00")
    engine = create_engine(release_url)
    with engine.begin() as connection:
        for token in ("unsent-link", "sent-link"):
            connection.execute(text("INSERT INTO passwordreset (member_id, token_hash, created_at, expires_at) "
                                    "VALUES (1, :hash, :at, :at)"),
                               {"hash": hashlib.sha256(token.encode()).hexdigest(), "at": at})
        for token, sent in (("unsent-link", None), ("sent-link", at), ("gone-link", None)):
            connection.execute(text("INSERT INTO outbox_email (to_address, subject, body, created_at, sent_at) "
                                    "VALUES ('m@demo.test', :token, :body, :at, :sent)"),
                               {"token": token, "body": f"Choose it here: https://x/reset-password?token={token}\n",
                                "at": at, "sent": sent})
    engine.dispose()
    migrate(release_url, now=snapshot.clock, take_backup=False, say=lambda _line: None)
    engine = make_engine(release_url)
    with Session(engine) as session:
        mail = {m.subject: m for m in session.exec(select(OutboxEmail).where(OutboxEmail.to_address == "m@demo.test"))}
        assert "token=unsent-link" in mail["unsent-link"].body
        assert mail["unsent-link"].scrub_at == datetime(2026, 12, 2, 1, 40, 58, tzinfo=UTC)
        for subject in ("sent-link", "gone-link"):
            assert mail[subject].body == "Choose it here: https://x/reset-password?token=(removed once sent)\n"
            assert mail[subject].scrub_at is None
    engine.dispose()
