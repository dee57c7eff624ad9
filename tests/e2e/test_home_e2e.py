"""Each person's Home starts with their next steps; one tap leads to where each is done, and it goes once done
(R000-03, R000-08, R000-15, R000-17, R002-12, R002-14). The tab bar is at the bottom of a phone, in the header
of a desktop, named for screen readers.
"""

from __future__ import annotations

import re
from datetime import timedelta

from playwright.sync_api import Page, expect

from ce_tracker.clock import utcnow
from ce_tracker.config import settings
from ce_tracker.models import Member, Role
from ce_tracker.rules import CMI, local_date
from ce_tracker.services.approvals.review import approve
from ce_tracker.services.events import cme
from tests.utils import factories as f
from tests.utils.ui import assert_accessible, log_in

TABS = {"member": ["Home", "CME Tracker", "Courses", "Requests", "More"],
        "staff": ["Home", "Renewals", "Events", "Members", "More"],
        "board": ["Home", "Certificants", "Audit sample", "More"]}


def _who(device) -> str:
    return "phone" if device.get("has_touch") else "desktop"


def _email(session, actor) -> str:
    return session.get(Member, actor.member_id).email


def _next_steps(page: Page):
    section = page.get_by_role("region", name="Your next steps")
    expect(section).to_be_visible()
    first_h2 = page.locator("main h2").first
    expect(first_h2).to_have_text("Your next steps")  # first on the page
    return section


def _tabs(page: Page, device, names: list[str]) -> None:
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("link")).to_have_text(names)
    first = nav.get_by_role("link").first.bounding_box()
    if device.get("has_touch"):
        assert first["y"] > page.viewport_size["height"] - 100 and first["height"] >= 44, "tabs not at the bottom"
    else:
        assert first["y"] < 80, "tabs not in the header"


def test_r002_12_member_enters_conference_credits_from_home_and_the_step_goes(page, device, app, units):
    today = local_date(CMI, utcnow())
    title = f"Tyndall Conference {_who(device)}"
    with units() as session:
        member = f.person(session, name=f"Hana Hale {_who(device)}", certified_on=today - timedelta(days=400))
        event = f.event(session, ends_on=today - timedelta(days=1), title=title)
        days = f.event_days(session, event)
        f.register(session, member, *days)
        email = _email(session, member)
    log_in(page, app, email, f.PASSWORD)
    _tabs(page, device, TABS["member"])
    step = _next_steps(page).get_by_role("listitem").filter(has_text=f"Enter your credits for {title}")
    expect(step).to_contain_text("days left")
    assert_accessible(page)
    step.get_by_role("link", name="Enter credits").click()
    page.wait_for_url(re.compile(rf"/cme/{event.id}$"))
    expect(page.get_by_role("heading", name=title)).to_be_visible()
    with units() as session:
        for day in days:
            cme.save_day(session=session, actor=member, event_day_id=day.id, value="2", now=utcnow())
        cme.submit_event(session=session, actor=member, activity_id=event.id, now=utcnow())
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Home").click()
    expect(_next_steps(page)).not_to_contain_text(title)


def test_r000_03_reviewer_home_lists_requests_due_one_tap_to_the_review(page, device, app, units):
    today = local_date(CMI, utcnow())
    title = f"Ruskin Workshop {_who(device)}"
    with units() as session:
        reviewer = f.person(session, Role.REVIEWER, name=f"Rita Reviewer {_who(device)}")
        member = f.person(session, name=f"Milo Member {_who(device)}", certified_on=today - timedelta(days=400))
        request = f.approval_request(session, member, ends_on=today - timedelta(days=2), title=title, now=utcnow())
        email = _email(session, reviewer)
    log_in(page, app, email, f.PASSWORD)
    _tabs(page, device, ["Home", "Review queue", "More"])
    step = _next_steps(page).get_by_role("listitem").filter(has_text=title)
    expect(step).to_contain_text(f"from Milo Member {_who(device)}")
    step.get_by_role("link", name="Review the request").click()
    page.wait_for_url(re.compile(rf"/review/{request.id}$"))
    with units() as session:
        approve(session=session, actor=reviewer, request_id=request.id, criteria=f.judged(), now=utcnow(),
                settings=settings)
    page.goto(f"{app.url}/home")
    expect(_next_steps(page)).not_to_contain_text(title)


def test_r002_14_staff_home_shows_registrations_to_import_one_tap_to_the_event(page, device, app, units):
    today = local_date(CMI, utcnow())
    title = f"Hunter Meeting {_who(device)}"
    with units() as session:
        staff = f.person(session, Role.STAFF, name=f"Sam Staff {_who(device)}")
        member = f.person(session, certified_on=today - timedelta(days=400))
        event = f.event(session, ends_on=today + timedelta(days=30), title=title)
        email = _email(session, staff)
    log_in(page, app, email, f.PASSWORD)
    _tabs(page, device, TABS["staff"])
    section = _next_steps(page)
    expect(section).to_contain_text("renewal")  # the demo's applications waiting: fee to record, to verify
    step = section.get_by_role("listitem").filter(has_text=f"Import the registrations for {title}")
    assert_accessible(page)
    step.get_by_role("link", name="Open the event").click()
    page.wait_for_url(re.compile(rf"/staff/events/{event.id}$"))
    with units() as session:
        f.register(session, member, *f.event_days(session, event))
    page.goto(f"{app.url}/home")
    expect(_next_steps(page)).not_to_contain_text(title)


def test_r000_15_board_home_names_the_next_quarter_and_opens_the_list_on_it(page, device, app):
    log_in(page, app, "board@demo.test", "demo-pass-2026")
    _tabs(page, device, TABS["board"])
    step = _next_steps(page).get_by_role("listitem").filter(has_text=re.compile(r"Terms ending in \d{4} Q[1-4]"))
    quarter = re.search(r"\d{4} Q[1-4]", step.get_by_role("heading").inner_text()).group(0)
    step.get_by_role("link", name=f"See {quarter}").click()
    page.wait_for_url(re.compile(r"/board\?quarter="))
    expect(page.get_by_label("Term ends in", exact=True)).to_have_value(quarter)
    assert_accessible(page)


def test_r000_10_home_says_the_term_and_its_status_once(page, app, units):
    """The member's card and the standing below it both named the term and its status."""
    today = local_date(CMI, utcnow())
    with units() as session:
        member = f.person(session, name="Tess Once", certified_on=today - timedelta(days=400))
        email = _email(session, member)
    log_in(page, app, email, f.PASSWORD)
    main = page.get_by_role("main")
    expect(main.get_by_text("Days left in term")).to_be_visible()
    expect(main.get_by_text("Term", exact=True)).to_have_count(1)
    expect(main.get_by_text("Status", exact=True)).to_have_count(0)  # the badge says it, once
