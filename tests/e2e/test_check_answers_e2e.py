"""Check before anything irreversible: the summary says what will happen in the member's or staff's words (what
will not count because a category is full; whose record, the next term's dates; the standing a strike leaves;
whose member ID), Cancel changes nothing, and the result is said once at the top; a removed plan has an Undo
(R002-10, R002-11, R000-13, R000-16 to R000-18, R000-11, and a removed plan)."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal
from itertools import pairwise

from playwright.sync_api import expect
from sqlmodel import select

from ce_tracker import formatting as fmt
from ce_tracker.clock import utcnow
from ce_tracker.config import settings
from ce_tracker.models import (
    Activity,
    CertificationTerm,
    ClaimStatus,
    CreditClaim,
    EventSubmission,
    Member,
    PlannedActivity,
    RenewalApplication,
    RenewalStatus,
)
from ce_tracker.rules import CMI, local_date, term_end
from ce_tracker.services.events import cme
from ce_tracker.services.record import planner
from ce_tracker.services.renewal import applications
from tests.utils import factories as f
from tests.utils.ui import assert_accessible, log_in


def test_r002_10_submit_summary_warns_that_a_full_category_will_not_count_and_cancel_keeps_it_open(
        page, device, app, units):
    today = local_date(CMI, utcnow())
    who = "phone" if device.get("has_touch") else "desktop"
    title = f"Full Biomedical Congress {who}"
    with units() as session:
        member = f.person(session, name=f"Bea Full {who}", certified_on=today - timedelta(days=400))
        f.course_credit(session, member, "Biomedical", "21", today - timedelta(days=100))
        event = f.event(session, ends_on=today - timedelta(days=1), days=2, title=title)
        days = f.event_days(session, event)
        f.register(session, member, *days)
        for day, value in zip(days, ("6", "4.5")):
            cme.save_day(session=session, actor=member, event_day_id=day.id, value=value, now=utcnow())
        email = session.get(Member, member.member_id).email
    log_in(page, app, email, f.PASSWORD)
    page.goto(f"{app.url}/cme/{event.id}")
    page.get_by_role("button", name="Submit My Credits For This Event").click()
    dialog = page.get_by_role("alertdialog")
    expect(dialog).to_contain_text("You are submitting 10.5 credits for 2 days.")
    expect(dialog).to_contain_text("0 will count toward your Certified Medical Illustrator term; 10.5 will not "
                                   "count, because Biomedical is already at its 21 h maximum.")
    assert_accessible(page)
    dialog.get_by_role("button", name="Cancel").click()
    expect(dialog).to_have_count(0)
    expect(page.get_by_role("button", name="Submit My Credits For This Event")).to_be_enabled()
    with units() as session:
        assert session.query(EventSubmission).filter_by(activity_id=event.id).count() == 0
    page.get_by_role("button", name="Submit My Credits For This Event").click()
    dialog.get_by_role("button", name="Yes, submit my credits").click()
    expect(page.get_by_role("status").filter(has_text=re.compile("Submitted: 10.5 credits"))).to_be_in_viewport()


def _who(device) -> str:
    return "phone" if device.get("has_touch") else "desktop"


def _staff_opens(page, app, application_id: int) -> None:
    log_in(page, app, "staff@demo.test", "demo-pass-2026")
    page.goto(f"{app.url}/staff/renewals/{application_id}")
    page.get_by_role("heading", name="The credits behind the standing").wait_for()


def test_r000_16_r000_17_r000_18_strike_and_verify_each_behind_a_summary_and_cancel_changes_nothing(
        page, device, app, units):
    today = local_date(CMI, utcnow())
    name = f"Vera Verify {_who(device)}"
    with units() as session:
        member = f.person(session, name=name, certified_on=today - timedelta(days=4 * 365 + 180))
        f.enough_to_renew(session, member, today - timedelta(days=365))
        f.course_credit(session, member, "Art", "2", today - timedelta(days=300), title="Twice-entered sketching")
        application = applications.apply_for_renewal(session=session, actor=member, attested=True, now=utcnow(),
                                                     settings=settings)
        term = session.get(CertificationTerm, application.term_id)
        number = session.get(Member, member.member_id).member_number
    next_starts = term.ends_on + timedelta(days=1)
    next_term = f"{fmt.day(next_starts)} to {fmt.day(term_end(CMI, next_starts))}"
    _staff_opens(page, app, application.id)

    # The decision comes after the evidence; a disabled Verify says exactly why.
    evidence = page.get_by_role("heading", name="The credits behind the standing").bounding_box()
    assert page.get_by_role("heading", name="Verify", exact=True).bounding_box()["y"] > evidence["y"]
    verify = page.get_by_role("button", name="Verify and record the next term")
    expect(verify).to_be_disabled()
    expect(verify).to_have_accessible_description(re.compile("^The fee is not recorded yet"))

    # Strike: the line and the standing it leaves; Cancel keeps the credit and the reason typed.
    reason = page.get_by_label("Reason to strike Twice-entered sketching")
    reason.fill("Entered twice.")
    page.get_by_role("button", name="Strike Twice-entered sketching").click()
    dialog = page.get_by_role("alertdialog")
    expect(dialog).to_contain_text(f"You are striking \u201cTwice-entered sketching\u201d (Art, 2 h, completed "
                                   f"{fmt.day(today - timedelta(days=300))}) from the record of {name}.")
    expect(dialog).to_contain_text("Their standing goes from 37 of 35 h counted to 35 of 35 h counted: enough to "
                                   "renew. They will be emailed your reason: \u201cEntered twice.\u201d")
    assert_accessible(page)
    dialog.get_by_role("button", name="Cancel").click()
    expect(dialog).to_have_count(0)
    expect(reason).to_have_value("Entered twice.")
    with units() as session:
        assert session.exec(select(CreditClaim.status).join(Activity).where(
            CreditClaim.member_id == member.member_id, Activity.title == "Twice-entered sketching")).one() \
            is ClaimStatus.RECORDED
    page.get_by_role("button", name="Strike Twice-entered sketching").click()
    dialog.get_by_role("button", name="Yes, strike this credit").click()
    expect(page.get_by_role("status").filter(has_text="The credit is struck")).to_be_in_viewport()

    # Verify: the member and the next term's dates; Cancel leaves the application waiting.
    page.get_by_label("Payment reference").fill("RCPT-CHECK")
    page.get_by_role("button", name="Record payment").click()
    expect(page.get_by_role("status").filter(has_text="recorded as received")).to_be_visible()
    expect(verify).to_be_enabled()
    verify.click()
    expect(dialog).to_contain_text(f"You are verifying the renewal of {name} (member ID {number}).")
    expect(dialog).to_contain_text(f"Their next term will run from {next_term}, and they will be emailed")
    assert_accessible(page)
    dialog.get_by_role("button", name="Cancel").click()
    expect(dialog).to_have_count(0)
    with units() as session:
        assert session.get(RenewalApplication, application.id).status is RenewalStatus.SUBMITTED
        assert len(session.exec(select(CertificationTerm).where(
            CertificationTerm.member_id == member.member_id)).all()) == 1
    verify.click()
    dialog.get_by_role("button", name="Yes, verify and record the next term").click()
    done = page.get_by_role("status").filter(has_text=f"Verified: {name} is renewed. Their next term runs from "
                                                      f"{next_term}, and they were emailed.")
    expect(done).to_be_in_viewport()  # said once, at the top, where the page has scrolled
    expect(page.get_by_role("status")).to_have_count(1)


def test_r000_11_r000_18_recording_an_exam_shows_whose_member_id_it_is_and_cancel_records_nothing(
        page, device, app, units):
    today = local_date(CMI, utcnow())
    name = f"Lapsed Lena {_who(device)}"
    with units() as session:  # a term that ended a year ago with no credit: lapsed
        member = f.person(session, name=name, certified_on=today - timedelta(days=6 * 365))
        row = session.get(Member, member.member_id)
        number, email = row.member_number, row.email
        old = session.exec(select(CertificationTerm).where(CertificationTerm.member_id == member.member_id)).one()
    passed = today - timedelta(days=1)
    log_in(page, app, "staff@demo.test", "demo-pass-2026")
    page.goto(f"{app.url}/staff/exams")
    page.get_by_label("Member ID").fill(number)
    page.get_by_label("Date the exam was passed").fill(passed.isoformat())
    page.get_by_role("button", name="Start the new term").click()
    dialog = page.get_by_role("alertdialog")
    expect(dialog).to_contain_text(f"This member ID is {name}'s ({email}). Their last term ran from "
                                   f"{fmt.day(old.starts_on)} to {fmt.day(old.ends_on)} and is lapsed")
    expect(dialog).to_contain_text(f"starts a new Certified Medical Illustrator term from {fmt.day(passed)} to "
                                   f"{fmt.day(term_end(CMI, passed))}, and they will be emailed.")
    assert_accessible(page)
    dialog.get_by_role("button", name="Cancel").click()
    expect(dialog).to_have_count(0)
    expect(page.get_by_label("Member ID")).to_have_value(number)  # nothing lost, nothing recorded
    with units() as session:
        assert len(session.exec(select(CertificationTerm).where(
            CertificationTerm.member_id == member.member_id)).all()) == 1
    page.get_by_role("button", name="Start the new term").click()
    dialog.get_by_role("button", name="Yes, start the new term").click()
    expect(page.get_by_role("status").filter(has_text=f"{name}: a new term runs from {fmt.day(passed)}")) \
        .to_be_in_viewport()
    with units() as session:
        assert len(session.exec(select(CertificationTerm).where(
            CertificationTerm.member_id == member.member_id)).all()) == 2


def test_a_removed_plan_comes_back_with_undo_and_its_buttons_stand_apart(page, device, app, units):
    today = local_date(CMI, utcnow())
    with units() as session:
        member = f.person(session, name=f"Uma Undo {_who(device)}", certified_on=today - timedelta(days=700))
        planner.add_plan(session=session, actor=member, title="Evening anatomy class", category="Art", hours="4.5",
                         planned_on=(today + timedelta(days=30)).isoformat(), now=utcnow())
        email = session.get(Member, member.member_id).email
    log_in(page, app, email, f.PASSWORD)
    page.goto(f"{app.url}/planner")
    buttons = [page.get_by_role("button", name=label).bounding_box() for label in
               ("Done: Evening anatomy class", "Edit Evening anatomy class", "Remove Evening anatomy class")]
    assert all(box["height"] >= 44 for box in buttons), buttons
    for left, right in pairwise(buttons):  # side by side or stacked, never touching
        apart = max(right["x"] - (left["x"] + left["width"]), right["y"] - (left["y"] + left["height"]))
        assert apart >= 8, buttons
    page.get_by_role("button", name="Remove Evening anatomy class").click()
    removed = page.get_by_role("status").filter(has_text="Plan removed.")
    expect(removed).to_be_in_viewport()
    expect(page.get_by_role("button", name="Edit Evening anatomy class")).to_have_count(0)
    assert_accessible(page)
    with units() as session:
        assert not session.exec(select(PlannedActivity).where(PlannedActivity.member_id == member.member_id)).all()
    removed.get_by_role("button", name="Undo: remove Evening anatomy class").click()
    expect(page.get_by_role("button", name="Edit Evening anatomy class")).to_be_visible()
    with units() as session:
        [plan] = session.exec(select(PlannedActivity).where(PlannedActivity.member_id == member.member_id)).all()
    assert (plan.title, plan.category, plan.hours, plan.planned_on) == (
        "Evening anatomy class", "Art", Decimal("4.5"), today + timedelta(days=30))
