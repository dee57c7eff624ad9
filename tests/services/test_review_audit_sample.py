"""The security review's L7: the Board's random audit of headquarters' verifications is the Board's alone.

Staff could draw it (of their own verifications), as often as they liked, and the page listed only the last 20
draws, so an unwelcome sample could be drawn again until a welcome one came and the first scrolled away. Now
only the Board draws and sees samples, never of renewals the drawer verified; every draw is kept and listed,
page by page; drawing again over a period an earlier sample covers needs a reason, kept, audited and shown.
"""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import func
from sqlmodel import select

from ce_tracker.config import settings as app_settings
from ce_tracker.models import AuditEntry, AuditSample, Role
from ce_tracker.services.board import audit_sample
from ce_tracker.services.errors import Invalid, NotAllowed
from ce_tracker.services.renewal import applications, payments
from tests.utils import factories as f

NOW = f.at(date(2026, 11, 25))
SETTINGS = replace(app_settings, renewal_fee_cents=15000, currency="USD")
PERIOD = {"verified_from": "2026-11-01", "verified_to": "2026-11-30"}


def _verified(session, staff, count: int = 2, now=NOW) -> list[int]:
    """``count`` renewals applied for, paid and verified by ``staff`` at ``now``."""
    ids = []
    for _ in range(count):
        member = f.person(session, certified_on=date(2022, 1, 10))
        f.enough_to_renew(session, member, date(2025, 6, 1))
        application = applications.apply_for_renewal(session=session, actor=member, attested=True, now=now,
                                                     settings=SETTINGS)
        payments.record_payment(session=session, actor=staff, application_id=application.id, reference="R-1",
                                now=now, settings=SETTINGS)
        applications.verify_renewal(session=session, actor=staff, application_id=application.id, now=now,
                                    settings=SETTINGS)
        ids.append(application.id)
    return ids


def _samples(session) -> int:
    return session.exec(select(func.count()).select_from(AuditSample)).one()


def test_review_l7_staff_neither_draw_nor_see_the_boards_audit_sample(session):
    staff, chair = f.person(session, Role.STAFF), f.person(session, Role.BOARD)
    ids = _verified(session, staff)
    sample = audit_sample.draw_sample(session=session, actor=chair, size=1, now=NOW, **PERIOD)
    refusals = [
        lambda: audit_sample.draw_sample(session=session, actor=staff, size=1, now=NOW, reason="Again.", **PERIOD),
        lambda: audit_sample.samples(session=session, actor=staff),
        lambda: audit_sample.suggested_period(session=session, actor=staff, now=NOW),
        lambda: audit_sample.evidence_pack(session=session, actor=staff, sample_id=sample.id,
                                           application_id=sample.application_ids[0], now=NOW, society_name="AMI"),
    ]
    for call in refusals:
        with pytest.raises(NotAllowed, match="The audit sample is the Board of Certification's own"):
            call()
    assert _samples(session) == 1 and sample.application_ids[0] in ids


def test_review_l7_a_board_member_who_verified_renewals_of_the_period_does_not_draw_its_sample(session):
    both = f.person(session, Role.STAFF, Role.BOARD, name="Sam Both")
    _verified(session, both, 1)
    _verified(session, f.person(session, Role.STAFF), 2)
    with pytest.raises(NotAllowed, match="You verified 1 of the 3 renewals verified in this period: another Board "
                                         "member draws its sample."):
        audit_sample.draw_sample(session=session, actor=both, size=1, now=NOW, **PERIOD)
    assert _samples(session) == 0


def test_review_l7_drawing_again_over_a_sampled_period_needs_a_reason_kept_audited_and_shown(session):
    staff, chair = f.person(session, Role.STAFF), f.person(session, Role.BOARD, name="Board Chair")
    _verified(session, staff, 3)
    first = audit_sample.draw_sample(session=session, actor=chair, size=1, now=NOW, **PERIOD)
    for reason in ("", "   ", None, "x" * 501):
        with pytest.raises(Invalid, match=f"Sample {first.id} already covers renewals verified from Nov 1, 2026 to "
                                          "Nov 30, 2026: give the reason for drawing again"):
            audit_sample.draw_sample(session=session, actor=chair, size=2, now=NOW, reason=reason,
                                     verified_from="2026-11-20", verified_to="2026-12-20")
    assert _samples(session) == 1
    again = audit_sample.draw_sample(session=session, actor=chair, size=2, now=NOW,
                                     reason="  The first sample was of one renewal; the Board asked for two. ",
                                     verified_from="2026-11-20", verified_to="2026-12-20")
    assert again.redraw_of == first.id
    assert again.reason == "The first sample was of one renewal; the Board asked for two."
    drawn = session.exec(select(AuditEntry).where(AuditEntry.action == "audit_sample_drawn",
                                                  AuditEntry.entity_id == again.id)).one()
    assert drawn.detail["reason"] == again.reason and drawn.detail["redraw_of"] == str(first.id)
    listed = {view.id: view for view in audit_sample.samples(session=session, actor=chair).samples}
    assert (listed[again.id].redraw_of, listed[again.id].reason) == (first.id, again.reason)
    assert (listed[first.id].redraw_of, listed[first.id].reason) == (None, "")
    # A period no sample covers yet needs no reason.
    _verified(session, staff, 1, now=f.at(date(2026, 10, 15)))
    fresh = audit_sample.draw_sample(session=session, actor=chair, size=1, now=NOW, verified_from="2026-10-01",
                                     verified_to="2026-10-31")
    assert (fresh.redraw_of, fresh.reason, fresh.population) == (None, "", 1)


def test_review_l7_every_draw_is_kept_and_listed_page_by_page(session):
    staff, chair = f.person(session, Role.STAFF), f.person(session, Role.BOARD)
    _verified(session, staff, 1)
    drawn = [audit_sample.draw_sample(session=session, actor=chair, size=1, now=NOW, seed=n,
                                      reason="" if n == 0 else f"Redraw number {n}.", **PERIOD).id
             for n in range(45)]
    pages = [audit_sample.samples(session=session, actor=chair, page=n) for n in (1, 2, 3)]
    assert [len(p.samples) for p in pages] == [20, 20, 5]
    assert {(p.total, p.pages) for p in pages} == {(45, 3)}
    assert [view.id for p in pages for view in p.samples] == drawn[::-1]  # newest first, none left out
    assert audit_sample.samples(session=session, actor=chair, page=9).page == 3  # past the end: the last page
    for bad in ("1", 0, -1, True, None):
        assert audit_sample.samples(session=session, actor=chair, page=bad).page == 1


@pytest.mark.postgres
@pytest.mark.parametrize("engine", ["postgres"], indirect=True)
def test_review_l7_two_first_draws_at_once_make_one_sample_and_ask_the_other_for_a_reason(units, engine):
    with units() as session:
        _verified(session, f.person(session, Role.STAFF), 2)
        chairs = [f.person(session, Role.BOARD), f.person(session, Role.BOARD)]
    barrier, outcomes = threading.Barrier(2), []

    def draw(chair):
        try:
            with units() as session:
                barrier.wait(timeout=10)
                audit_sample.draw_sample(session=session, actor=chair, size=1, now=NOW, **PERIOD)
            outcomes.append("drawn")
        except Invalid as refused:
            outcomes.append(refused.message)

    threads = [threading.Thread(target=draw, args=(chair,)) for chair in chairs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert outcomes.count("drawn") == 1 and any("give the reason for drawing again" in o for o in outcomes), outcomes
    with units() as session:
        assert _samples(session) == 1
