"""Upcoming Courses: choose the category, find a course, record its hours (R000-03, R000-06 to R000-09).

On a desktop and on a phone; staff add a course that members then find.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from playwright.sync_api import expect

from ce_tracker.clock import utcnow
from ce_tracker.models import Activity, ActivityKind, Member
from ce_tracker.rules import CMI, local_date
from tests.e2e.test_mobile_e2e import _check_layout
from tests.utils import factories as f
from tests.utils.ui import assert_accessible, log_in


def _member_and_course(units, suffix: str):
    today = local_date(CMI, utcnow())
    with units() as session:
        actor = f.person(session, name=f"Cora Course {suffix}", certified_on=today - timedelta(days=500))
        title = f"Skull Anatomy in Graphite ({suffix})"
        session.add(Activity(kind=ActivityKind.COURSE, title=title, provider="Brooklyn Drawing Club",
                             location="Online", format="online (live)", starts_on=today - timedelta(days=4),
                             ends_on=today - timedelta(days=3), hours=Decimal("5.5"),
                             category_id=f.category(session, "Art").id))
        return session.get(Member, actor.member_id).email, title


def test_r000_07_a_member_finds_a_course_by_category_and_records_its_hours(page, device, app, units):
    suffix = "phone" if device.get("has_touch") else "desktop"
    email, title = _member_and_course(units, suffix)
    log_in(page, app, email, f.PASSWORD)
    page.goto(f"{app.url}/courses")
    expect(page.get_by_role("heading", name="Education Opportunities")).to_be_visible()
    page.get_by_label("Category").select_option("Art")
    page.get_by_label("Search").fill("skull anatomy")
    page.get_by_role("button", name="Show courses").click()
    expect(page.get_by_role("heading", name=title)).to_be_visible()
    expect(page.get_by_text("Vesalius")).to_have_count(0)  # a History course, filtered out
    page.get_by_role("button", name=f"Record hours for {title}").click()
    hours = page.get_by_label("Hours earned (Art)")
    expect(hours).to_have_value("5.5")
    hours.fill("6")  # more than the course is worth
    page.get_by_role("button", name="Record hours", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("at most 5.5 hours")
    hours.fill("4.75")
    if suffix == "phone":
        page.set_viewport_size({"width": 360, "height": 740})
        page.wait_for_timeout(300)
        _check_layout(page)
    assert_accessible(page)
    page.get_by_role("button", name="Record hours", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Recorded 4.75 h")
    expect(page.get_by_text("Recorded: 4.75 h")).to_be_visible()
    page.goto(f"{app.url}/home")
    expect(page.get_by_text(title).first).to_be_visible()
    expect(page.get_by_text("4.75 h count", exact=False).first).to_be_visible()


def test_r000_03_staff_add_a_course_and_members_find_it(page, browser, device, app, units):
    today = local_date(CMI, utcnow())
    title = "Dissection Drawing Weekend " + ("phone" if device.get("has_touch") else "desktop")
    log_in(page, app, "staff@demo.test", "demo-pass-2026")
    page.goto(f"{app.url}/staff/courses")
    page.get_by_label("Title").fill(title)
    page.get_by_label("Provider").fill("Mütter Museum")
    page.get_by_label("First day").fill((today + timedelta(days=20)).isoformat())
    page.get_by_label("Last day").fill((today + timedelta(days=21)).isoformat())
    page.get_by_label("Category").select_option(label="Biomedical")
    page.get_by_label("Hours").fill("12")
    assert_accessible(page)
    page.get_by_role("button", name="Add course").click()
    expect(page.get_by_role("status")).to_contain_text(f"{title} is added: Upcoming Courses lists it")
    member = browser.new_context().new_page()
    email, _ = _member_and_course(units, "finder " + title[-7:])
    log_in(member, app, email, f.PASSWORD)
    member.goto(f"{app.url}/courses")
    card = member.get_by_role("heading", name=title, exact=True)
    expect(card).to_be_visible()
    expect(member.get_by_text("Record from ").first).to_be_visible()
    member.context.close()
