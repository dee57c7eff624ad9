"""Headquarters staff import an onsite registration; the member can claim the day at once (R002-15)."""

from __future__ import annotations

import re
from datetime import timedelta

from playwright.sync_api import expect

from ce_tracker.clock import utcnow
from ce_tracker.models import Member, Role
from ce_tracker.rules import CMI, local_date
from tests.utils import factories as f
from tests.utils.ui import assert_accessible, log_in


def test_r002_15_imported_registration_is_claimable_at_once(page, browser, device, app, units):
    today = local_date(CMI, utcnow())
    with units() as session:
        staff = f.person(session, Role.STAFF, name="Hq Staffer")
        member = f.person(session, name="Onsite Registrant")
        activity = f.event(session, ends_on=today - timedelta(days=1), title="Onsite Registration Forum")
        days = f.event_days(session, activity)
        staff_email = session.get(Member, staff.member_id).email
        member_row = session.get(Member, member.member_id)
        member_email, number = member_row.email, member_row.member_number
    log_in(page, app, staff_email, f.PASSWORD)
    page.goto(f"{app.url}/staff/events/{activity.id}")
    expect(page.get_by_role("heading", name="Onsite Registration Forum")).to_be_visible()
    assert_accessible(page)
    bad = f"member_id,day\n{number},{days[0].day.isoformat()}\n999999,{days[1].day.isoformat()}\n"
    page.get_by_label("Paste CSV").fill(bad)
    page.get_by_role("button", name="Import pasted CSV").click()
    expect(page.get_by_role("alert").filter(has_text="Line 3")).to_be_visible()  # nothing imported
    good = "member_id,day\n" + "".join(f"{number},{d.day.isoformat()}\n" for d in days[:2])
    page.get_by_label("Paste CSV").fill(good)
    page.get_by_role("button", name="Import pasted CSV").click()
    expect(page.get_by_text(re.compile(r"Imported: 2 registrations added"))).to_be_visible()

    member_page = browser.new_context(**device).new_page()
    log_in(member_page, app, member_email, f.PASSWORD)
    member_page.goto(f"{app.url}/cme/{activity.id}")
    label = f"{days[0].day:%a}, {days[0].day:%b} {days[0].day.day}"
    member_page.get_by_role("button", name=f"Edit {label}").click()
    member_page.get_by_role("textbox", name=f"Credits for {label}").fill("3")
    member_page.get_by_role("button", name=f"Save {label}").click()
    expect(member_page.get_by_label(f"Credits for {label}: 3")).to_be_visible()
    expect(member_page.get_by_text("Not registered")).to_be_visible()  # the third day was not imported
    member_page.context.close()


def test_a_member_cannot_open_staff_pages(page, app, units):
    with units() as session:
        member = f.person(session, name="Curious Member")
        email = session.get(Member, member.member_id).email
    log_in(page, app, email, f.PASSWORD)
    page.goto(f"{app.url}/staff/members")
    expect(page.get_by_text("This needs the staff role.")).to_be_visible()
    expect(page.get_by_role("button", name="Create account")).to_have_count(0)
    assert_accessible(page)


def test_staff_create_an_event_with_its_days(page, app, units):
    with units() as session:
        staff = f.person(session, Role.STAFF, name="Event Planner")
        email = session.get(Member, staff.member_id).email
    log_in(page, app, email, f.PASSWORD)
    page.goto(f"{app.url}/staff/events")
    expect(page.get_by_role("button", name="Create event")).to_be_enabled()  # the page is live
    page.get_by_label("Title", exact=True).fill("Spring Dissection Intensive")
    page.get_by_label("Provider", exact=True).fill("Society Workshops")
    page.get_by_label("Location", exact=True).fill("Baltimore, MD")
    page.get_by_label("Start date", exact=True).fill("2027-03-02")
    page.get_by_label("End date", exact=True).fill("2027-03-04")
    page.get_by_label("Maximum credits per day", exact=True).fill("6.5")
    page.get_by_label("Maximum credits per day", exact=True).blur()
    page.get_by_role("button", name="Fill in days from the dates").click()
    expect(page.get_by_label("Days", exact=True)).to_have_value(re.compile(r"2027-03-02 6\.5\s+2027-03-03 6\.5\s+"
                                                                           r"2027-03-04 6\.5"))
    assert_accessible(page)
    page.get_by_role("button", name="Create event").click()
    expect(page.get_by_role("heading", name="Spring Dissection Intensive")).to_be_visible()
    expect(page.get_by_text("Event created.")).to_be_visible()
