"""Check before anything irreversible: the summary says what will happen in the member's words, including what
will not count because a category is full, and Cancel changes nothing (R002-10, R002-11, R000-13)."""

from __future__ import annotations

import re
from datetime import timedelta

from playwright.sync_api import expect

from ce_tracker.clock import utcnow
from ce_tracker.models import EventSubmission, Member
from ce_tracker.rules import CMI, local_date
from ce_tracker.services.events import cme
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
