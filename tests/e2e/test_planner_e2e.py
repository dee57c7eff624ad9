"""End to end, on a desktop and on a phone: the what-if planner (bad hours, plans that
would make the term renewable, edit, done as an approval request, remove) and the staff program editor (a
self-contradicting program refused, a second program created, then edited and applied to running terms)."""

from __future__ import annotations

import re
from datetime import timedelta

from playwright.sync_api import Page, expect
from sqlmodel import select

from ce_tracker import formatting as fmt
from ce_tracker.clock import utcnow
from ce_tracker.models import ApprovalRequest, AuditEntry, Member, PlannedActivity, ProgramRow, Role
from ce_tracker.rules import CMI, application_opens_on, local_date, term_end
from tests.utils import factories as f
from tests.utils.ui import assert_accessible, log_in


def _who(device) -> str:
    return "phone" if device.get("has_touch") else "desktop"


def _plan(page: Page, title: str, category: str, hours: str, day) -> None:
    page.get_by_label("Activity", exact=True).fill(title)
    page.get_by_label("Category", exact=True).select_option(category)
    page.get_by_label("Hours", exact=True).fill(hours)
    page.get_by_label("Date", exact=True).fill(day.isoformat())
    page.get_by_role("button", name="Add plan").click()


def test_planner_add_bad_hours_renewable_edit_done_remove(page, device, app, units):
    today = local_date(CMI, utcnow())
    with units() as session:
        member = f.person(session, name=f"Paula Planner {_who(device)}", certified_on=today - timedelta(days=700))
        f.course_credit(session, member, "Art", "14", today - timedelta(days=300))
        f.course_credit(session, member, "Biomedical", "10", today - timedelta(days=200))
        email = session.get(Member, member.member_id).email
    log_in(page, app, email, f.PASSWORD)
    page.get_by_role("link", name="Plan ahead (what if)").click()
    expect(page.get_by_role("heading", name="Plan ahead", exact=True)).to_be_visible()
    expect(page.get_by_text("Recorded: 24 of 35 hours count")).to_be_visible()

    _plan(page, "Evening physiology class", "Biomedical", "٤", today + timedelta(days=30))
    expect(page.get_by_role("alert")).to_contain_text("is not a number")
    page.get_by_label("Hours", exact=True).fill("4")
    page.get_by_role("button", name="Add plan").click()
    expect(page.get_by_text("Plan added.")).to_be_visible()
    expect(page.get_by_text("With plans: 28 of 35 hours would count")).to_be_visible()

    _plan(page, "Copyright seminar", "Business", "9", today + timedelta(days=60))
    expect(page.get_by_role("alert")).to_contain_text("At most 7 Business hours can count in a term")
    page.get_by_label("Hours", exact=True).fill("7")
    page.get_by_role("button", name="Add plan").click()
    # Never before applying opens (12 months before the term ends), and the shared cap is one line.
    opens = application_opens_on(term_end(CMI, today - timedelta(days=700)), 12)
    expect(page.get_by_text(f"With these plans you could apply to renew from {fmt.day(opens)}",
                            exact=False)).to_be_visible()
    expect(page.get_by_text("0 → 7 of 7 h")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Edit Evening physiology class").click()
    # The add form is on the page already: type once it has become the plan's (as a member sees it change).
    expect(page.get_by_role("heading", name="Change the plan")).to_be_visible()
    expect(page.get_by_label("Hours", exact=True)).to_have_value("4")
    page.get_by_label("Hours", exact=True).fill("3")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_text("Plan changed.")).to_be_visible()
    expect(page.get_by_text(re.compile(r"Even with these plans you would still need 1 h in Biomedical by"))
           ).to_be_visible()

    _plan(page, "Weekend sketch workshop", "Art", "3", today - timedelta(days=2))
    expect(page.get_by_text("Plan added.")).to_be_visible()
    page.get_by_role("button", name="Done: Weekend sketch workshop").click()
    page.get_by_label("Provider", exact=True).fill("City Art School")
    page.get_by_role("button", name="Request approval").click()
    expect(page.get_by_text("Your approval request is filed")).to_be_visible()
    expect(page.get_by_text(re.compile(r"Done: approval request #\d+"))).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Remove Copyright seminar").click()
    expect(page.get_by_text("Plan removed.")).to_be_visible()
    with units() as session:
        request = session.exec(select(ApprovalRequest).where(ApprovalRequest.member_id == member.member_id)).one()
        plans = session.exec(select(PlannedActivity).where(PlannedActivity.member_id == member.member_id)).all()
    assert request.title == "Weekend sketch workshop" and request.provider == "City Art School"
    assert sorted(p.title for p in plans) == ["Evening physiology class", "Weekend sketch workshop"]


def test_staff_program_editor_refuses_then_creates_and_edits(page, device, app, units):
    code = f"US-{_who(device)}"
    with units() as session:
        staff = f.person(session, Role.STAFF, name=f"Stella Staff {_who(device)}")
        email = session.get(Member, staff.member_id).email
    log_in(page, app, email, f.PASSWORD)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="More").click()
    page.get_by_role("link", name="Programs").click()
    expect(page.get_by_role("heading", name="Programs", level=1)).to_be_visible()
    page.get_by_role("button", name="New program").click()
    page.get_by_label("Code", exact=True).fill(code)
    page.get_by_label("Name", exact=True).fill(f"Ultrasound CME {_who(device)}")
    page.get_by_label("Term length (years)").fill("3")
    page.get_by_label("Total hours required").fill("30")
    page.get_by_label("Category 1 name").fill("Scanning")
    page.get_by_label("Category 1 minimum hours").fill("40")
    page.get_by_role("button", name="Save program").click()
    expect(page.get_by_role("alert")).to_contain_text("Scanning: its minimum (40) is above the program's total (30).")
    assert_accessible(page)
    page.get_by_label("Category 1 name").fill("")
    page.get_by_label("Category 1 minimum hours").fill("")
    page.get_by_role("button", name="Save program").click()
    expect(page.get_by_text(f"Program {code} created.")).to_be_visible()

    page.get_by_role("button", name=f"Edit Ultrasound CME {_who(device)}").click()
    page.get_by_label("Total hours required").fill("35")
    page.get_by_label(re.compile("Apply to running terms")).check()
    page.get_by_role("button", name="Save program").click()
    expect(page.get_by_text("Saved as version 2. Running terms now follow it.")).to_be_visible()
    assert_accessible(page)
    with units() as session:
        row = session.exec(select(ProgramRow).where(ProgramRow.code == code)).one()
        entry = session.exec(select(AuditEntry).where(AuditEntry.action == "program_changed",
                                                      AuditEntry.entity_id == row.id)).one()
    assert row.total_hours == 35 and entry.actor_id == staff.member_id and entry.detail["total_hours"] == "30 → 35"
