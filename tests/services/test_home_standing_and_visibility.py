"""Verdicts the pages used to reach themselves, now services: home's standing, who sees a request.

R000-15/R000-16: the status, the percentages and whether to offer renewal come from ``standing_view``;
R000-19: the member's page and the committee's page each show a request only to whom it may.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from ce_tracker.models import Role
from ce_tracker.rules.status import Status
from ce_tracker.services.approvals import visibility
from ce_tracker.services.errors import NotFound
from ce_tracker.services.record import standing_view
from tests.utils import factories as f

CERTIFIED = date(2023, 1, 1)
TODAY = date(2026, 6, 15)


def _home(session, actor, today=TODAY):
    return standing_view.home_view(session=session, actor=actor, now=f.at(today))


def test_r000_16_r000_17_enough_hours_are_offered_renewal_only_once_applying_opens(session):
    """Home offered "Apply for renewal" with the window still shut, under "Applying to renew opens on ..."."""
    member = f.person(session, certified_on=CERTIFIED)  # the term ends Dec 31, 2027; applying opens Jan 1, 2027
    f.enough_to_renew(session, member, date(2026, 5, 1))
    view = _home(session, member)
    assert view.status is Status.HOURS_MET and not view.may_renew
    assert view.headline == "You have the hours needed to renew; applying opens on Jan 1, 2027."
    assert view.total_percent == 100 and view.term_status == "Hours met" == view.status_label
    view = _home(session, member, today=date(2027, 1, 1))
    assert view.status is Status.ELIGIBLE and view.may_renew and view.term_status == "Eligible"
    assert view.bars["Art"].counted > 0 and all(g.percent <= 100 for g in view.groups)


def test_r000_15_a_member_short_of_hours_is_not_offered_renewal_and_sees_a_partial_bar(session):
    member = f.person(session, certified_on=CERTIFIED)
    f.course_credit(session, member, "Art", "7", date(2026, 5, 1))
    view = _home(session, member)
    assert view.status in (Status.ON_PACE, Status.AT_RISK) and not view.may_renew
    assert view.total_percent == 20  # 7 of 35 hours


def test_r000_16_a_term_that_ends_short_is_in_grace_then_lapses_when_nothing_is_pending(session):
    """The 30-day recording window of the term's last days keeps it in grace; then it lapses."""
    member = f.person(session, certified_on=CERTIFIED)
    view = _home(session, member, today=date(2028, 1, 2))
    assert view.status is Status.IN_GRACE and view.term_status == "In grace" and not view.may_renew
    view = _home(session, member, today=date(2028, 2, 15))
    assert view.status is Status.LAPSED and view.term_status == "Lapsed" and not view.may_renew


def test_a_person_without_a_term_gets_their_profile_and_no_standing(session):
    staff = f.person(session, Role.STAFF)
    view = _home(session, staff)
    assert view.record is None and view.status is None and view.profile.full_name


def test_r000_19_a_request_shows_on_the_members_page_to_its_member_only(session):
    member, reviewer = f.person(session, certified_on=CERTIFIED), f.person(session, Role.REVIEWER)
    request = f.approval_request(session, member, ends_on=TODAY)
    now = f.at(TODAY + timedelta(days=2))
    assert visibility.own_request(session=session, actor=member, request_id=request.id, now=now).is_owner
    with pytest.raises(NotFound):
        visibility.own_request(session=session, actor=reviewer, request_id=request.id, now=now)


def test_r000_19_the_committees_page_shows_a_request_to_reviewers_only(session):
    member, reviewer = f.person(session, certified_on=CERTIFIED), f.person(session, Role.REVIEWER)
    request = f.approval_request(session, member, ends_on=TODAY)
    now = f.at(TODAY + timedelta(days=2))
    assert visibility.request_for_review(session=session, actor=reviewer, request_id=request.id,
                                            now=now).can_decide
    with pytest.raises(NotFound):  # the member who asked reads it on their own page, not the committee's
        visibility.request_for_review(session=session, actor=member, request_id=request.id, now=now)
