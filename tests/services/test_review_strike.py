"""The security review's L6: headquarters strike a credit only while its renewal application is open, so a
verified (or returned) term never changes behind the decision; a strike and a verification racing each other
never leave a verified renewal resting on a struck credit.
"""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import date

import pytest
import sqlalchemy
from sqlmodel import select

from ce_tracker.config import settings as app_settings
from ce_tracker.models import AuditEntry, ClaimStatus, CreditClaim, OutboxEmail, RenewalApplication, RenewalStatus, Role
from ce_tracker.services.errors import Conflict, Invalid
from ce_tracker.services.renewal import applications, payments
from ce_tracker.services.renewal import evidence as renewal_evidence
from tests.utils import factories as f

NOW = f.at(date(2026, 11, 25))
SETTINGS = replace(app_settings, renewal_fee_cents=15000, currency="USD")


def _paid_application(session):
    member = f.person(session, certified_on=date(2022, 1, 10))
    f.enough_to_renew(session, member, date(2025, 6, 1))
    application = applications.apply_for_renewal(session=session, actor=member, attested=True, now=NOW,
                                                 settings=SETTINGS)
    staff = f.person(session, Role.STAFF)
    payments.record_payment(session=session, actor=staff, application_id=application.id, reference="R-1", now=NOW,
                            settings=SETTINGS)
    [art] = [line for line in renewal_evidence.evidence(session=session, actor=staff, application_id=application.id)
             if line.category == "Art"]
    return member, staff, application, art


def _strike(session, staff, application, line):
    renewal_evidence.strike_credit(session=session, actor=staff, application_id=application.id, kind=line.kind,
                                   line_id=line.id, reason="Not attended.", now=NOW, settings=SETTINGS)


def _nothing_struck(session, line) -> None:
    assert session.get(CreditClaim, line.id).status is ClaimStatus.RECORDED
    assert not session.exec(select(AuditEntry).where(AuditEntry.action == "credit_struck")).all()
    assert not [e for e in session.exec(select(OutboxEmail)) if "struck" in e.subject]


def test_review_l6_a_credit_behind_a_verified_renewal_cannot_be_struck(session):
    _, staff, application, art = _paid_application(session)
    applications.verify_renewal(session=session, actor=staff, application_id=application.id, now=NOW,
                                settings=SETTINGS)
    with pytest.raises(Conflict, match="This renewal was already verified: its credits can no longer be struck."):
        _strike(session, staff, application, art)
    _nothing_struck(session, art)


def test_review_l6_a_credit_behind_a_returned_application_cannot_be_struck(session):
    _, staff, application, art = _paid_application(session)
    applications.return_renewal(session=session, actor=staff, application_id=application.id, reason="Fix it.",
                                now=NOW, settings=SETTINGS)
    with pytest.raises(Conflict, match="This application was returned to the member: strike credits while "
                                       "verifying the next application."):
        _strike(session, staff, application, art)
    _nothing_struck(session, art)


@pytest.mark.postgres
@pytest.mark.parametrize("engine", ["postgres"], indirect=True)
def test_review_l6_a_strike_landing_inside_the_verification_never_leaves_a_verified_term_with_a_struck_credit(
        units, engine):
    """The verification is held just before it writes the application; a strike is committed meanwhile. The
    verification must then see the struck credit (and refuse: the hours are short), never verify without it."""
    with units() as session:
        _, staff, application, art = _paid_application(session)
        other = f.person(session, Role.STAFF)
    verify_writes, strike_done, outcomes = threading.Event(), threading.Event(), {}

    def hold_the_verification(conn, cursor, statement, parameters, context, executemany):
        if threading.current_thread().name == "verify" and statement.startswith("UPDATE renewalapplication"):
            if not verify_writes.is_set():
                verify_writes.set()
                strike_done.wait(timeout=5)  # a strike that must wait for the verification's lock goes on after

    def run(name, call, after=None):
        try:
            with units() as session:
                call(session)
            outcomes[name] = "done"
        except (Conflict, Invalid) as refused:
            outcomes[name] = refused.message
        finally:
            if after:
                after.set()

    sqlalchemy.event.listen(engine, "before_cursor_execute", hold_the_verification)
    try:
        verify = threading.Thread(name="verify", target=run, args=("verify", lambda s: applications.verify_renewal(
            session=s, actor=other, application_id=application.id, now=NOW, settings=SETTINGS)))
        verify.start()
        assert verify_writes.wait(timeout=10)
        strike = threading.Thread(name="strike", target=run, args=(
            "strike", lambda s: _strike(s, staff, application, art), strike_done))
        strike.start()
        for thread in (strike, verify):
            thread.join(timeout=30)
    finally:
        sqlalchemy.event.remove(engine, "before_cursor_execute", hold_the_verification)
    with units() as session:
        status = session.get(RenewalApplication, application.id).status
        struck = session.get(CreditClaim, art.id).status is ClaimStatus.WITHDRAWN
    assert list(outcomes.values()).count("done") == 1, outcomes
    assert (status is RenewalStatus.VERIFIED) != struck, (status, struck, outcomes)
