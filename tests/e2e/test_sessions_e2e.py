"""Designated sessions: staff designate a day for Art at a Biomedical meeting; a member
enters credits and submits; Home counts the day in Art and the others in Biomedical (R000-12, R002-10)."""

from __future__ import annotations

import re
from datetime import timedelta

from playwright.sync_api import expect

from ce_tracker.clock import utcnow
from ce_tracker.models import Member, Role
from ce_tracker.rules import CMI, local_date
from tests.e2e.test_cme_e2e import _enter
from tests.utils import factories as f
from tests.utils.ui import assert_accessible, log_in


def test_r000_12_a_designated_day_counts_in_its_own_category_on_home(page, browser, device, app, units):
    phone = bool(device.get("has_touch"))
    today = local_date(CMI, utcnow())
    title = "AMI Sessions Meeting " + ("phone" if phone else "desktop")
    with units() as session:
        staff = f.person(session, Role.STAFF, name="Session Planner")
        member = f.person(session, name="Dora Designate", certified_on=today - timedelta(days=400))
        activity = f.event(session, ends_on=today - timedelta(days=1), title=title)  # a Biomedical meeting
        days = f.event_days(session, activity)
        f.register(session, member, *days)
        staff_email = session.get(Member, staff.member_id).email
        member_email = session.get(Member, member.member_id).email
    labels = [f"{d.day:%a}, {d.day:%b} {d.day.day}" for d in days]

    log_in(page, app, staff_email, f.PASSWORD)
    page.goto(f"{app.url}/staff/events/{activity.id}")
    expect(page.get_by_role("heading", name="Designated sessions")).to_be_visible()
    save = page.get_by_role("button", name="Save designated sessions")
    expect(save).to_be_enabled()
    first = page.get_by_role("combobox", name=f"Category for {labels[0]}")
    first.select_option(label="Art")
    box = first.bounding_box()
    assert box["height"] >= 44 and save.bounding_box()["height"] >= 44
    save.click()
    expect(page.get_by_role("status").filter(has_text="Designated sessions saved.")).to_be_visible()
    page.reload()
    expect(page.get_by_role("combobox", name=f"Category for {labels[0]}")).to_have_value(re.compile(r"\d+"))
    expect(page.get_by_role("combobox", name=f"Category for {labels[1]}")).to_have_value("")
    assert_accessible(page)

    member_page = browser.new_context(**device).new_page()
    log_in(member_page, app, member_email, f.PASSWORD)
    member_page.goto(f"{app.url}/cme/{activity.id}")
    expect(member_page.get_by_text("counts in Art")).to_be_visible()
    for label, value in zip(labels, ("6", "7.5", "8")):
        _enter(member_page, label, value)
    member_page.get_by_role("button", name="Submit My Credits For This Event").click()
    member_page.get_by_role("alertdialog").get_by_role("button", name="Yes, submit my credits").click()
    expect(member_page.get_by_role("status").filter(has_text="Submitted: 21.5 credits")).to_be_visible()
    assert_accessible(member_page)
    member_page.goto(f"{app.url}/cme")
    member_page.get_by_role("link", name=f"View certificate for {title}").filter(visible=True).first.click()
    expect(member_page.get_by_text("Credits by category: Art 6 · Biomedical 15.5")).to_be_visible()
    member_page.goto(f"{app.url}/")
    expect(member_page.get_by_role("progressbar", name=re.compile(r"^Art: 6 h earned, 6 h count"))).to_be_visible()
    expect(member_page.get_by_role("progressbar",
                                   name=re.compile(r"^Biomedical: 15\.5 h earned, 15\.5 h count"))).to_be_visible()
    expect(member_page.get_by_text("21.5 of 35 h counted")).to_be_visible()
    assert_accessible(member_page)
    member_page.context.close()
