"""A member asks the CE committee to approve an activity, a reviewer approves other hours, the member records them.

R000-02, R000-03, R000-04, R000-05, R000-08, R000-19, on a desktop and on a phone; and the committee's
handlers forged straight to the backend by a plain member.
"""

from __future__ import annotations

import re
import time
from datetime import timedelta

from playwright.sync_api import expect
from sqlmodel import select

from ce_tracker.clock import utcnow
from ce_tracker.config import settings
from ce_tracker.models import Activity, ApprovalRequest, Member, RequestStatus, Role
from ce_tracker.pages.approvals.request_form import NewRequestState
from ce_tracker.pages.approvals.review import ReviewRequestState
from ce_tracker.rules import CMI, local_date
from ce_tracker.services.accounts.actors import load_actor
from ce_tracker.services.approvals.review import return_with_question
from tests.e2e.sockets import Socket, session_token
from tests.e2e.test_mobile_e2e import SMALL
from tests.utils import factories as f
from tests.utils.ui import assert_accessible, log_in

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n"


def _people(units, suffix: str):
    today = local_date(CMI, utcnow())
    with units() as session:
        member = f.person(session, name=f"Ada Requester {suffix}", certified_on=today - timedelta(days=400))
        reviewer = f.person(session, Role.REVIEWER, name=f"Rex Reviewer {suffix}")
        emails = [session.get(Member, a.member_id).email for a in (member, reviewer)]
    return today, *emails


# The upload's own file input is react-dropzone's 1 px, visually hidden one: the drop zone around it is the target.
SMALL_BESIDES_FILE_INPUT = SMALL.replace("el.type === 'hidden'", "el.type === 'hidden' || el.type === 'file'")


def _check_layout(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "horizontal scrolling"
    assert page.evaluate(SMALL_BESIDES_FILE_INPUT) == []


def _wait_for_mail(inbox, address: str, subject: str, timeout: float = 20):
    """Mail is delivered after the commit, off the event loop: wait for it a little."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = [m for m in inbox.to(address) if m["Subject"].startswith(subject)]
        if found:
            return found[-1]
        time.sleep(0.2)
    raise AssertionError(f"no email {subject!r} to {address}")


def test_r000_02_request_approve_other_hours_and_record_the_credit(page, browser, device, app, units, inbox):
    suffix = "phone" if device.get("has_touch") else "desktop"
    title = f"Cadaveric Anatomy of the Head and Neck ({suffix})"
    today, member_email, reviewer_email = _people(units, suffix)
    ended = today - timedelta(days=3)

    log_in(page, app, member_email, f.PASSWORD)
    page.goto(f"{app.url}/requests")
    page.get_by_role("link", name="CMI CE Eligibility Form").click()
    page.wait_for_url(re.compile(r"/requests/new$"))
    expect(page.get_by_role("note").filter(has_text="should be submitted prior to participating")).to_be_visible()
    page.get_by_label("Activity title").fill(title)
    page.get_by_label("Provider").fill("University of Toronto")
    page.get_by_label("First day").fill((ended - timedelta(days=1)).isoformat())
    page.get_by_label("Last day").fill(ended.isoformat())
    expect(page.get_by_role("status").filter(has_text="already ended")).to_be_visible()  # the live warning
    page.get_by_label("Format").select_option("online (live)")
    page.get_by_label("Category asked for").select_option(label="Biomedical")
    page.get_by_label("Hours").fill("6")
    page.get_by_label("Link").fill("https://example.org/head-and-neck")
    page.get_by_label("Description").fill("Dissection-based review of the head and neck.")
    assert_accessible(page)
    page.get_by_role("button", name="Send to the CE committee").click()
    page.wait_for_url(re.compile(r"/requests/\d+\?late=1$"))
    request_url = page.url.split("?")[0]
    expect(page.get_by_role("heading", name=title)).to_be_visible()
    expect(page.get_by_text("Waiting for the committee")).to_be_visible()
    page.locator("input[type=file]").set_input_files(
        files=[{"name": "agenda.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    page.get_by_role("button", name="Attach file").click()
    expect(page.get_by_role("link", name=re.compile("agenda.pdf"))).to_be_visible()
    assert_accessible(page)

    reviewer_context = browser.new_context(**device)
    try:
        reviewer_page = reviewer_context.new_page()
        log_in(reviewer_page, app, reviewer_email, f.PASSWORD)
        reviewer_page.goto(f"{app.url}/review")
        reviewer_page.get_by_role("link", name=f"Review {title}").click()
        reviewer_page.wait_for_url(re.compile(r"/review/\d+$"))
        expect(reviewer_page.get_by_text(f"Ada Requester {suffix}")).to_be_visible()
        expect(reviewer_page.get_by_role("link", name=re.compile("agenda.pdf"))).to_be_visible()
        assert_accessible(reviewer_page)
        reviewer_page.get_by_label("Hours").fill("4.5")
        reviewer_page.get_by_label("Note to the member (optional)").fill("Only the anatomy sessions count.")
        # Every criterion answered before deciding; a missing one is named.
        reviewer_page.get_by_role("button", name="Approve").click()
        expect(reviewer_page.get_by_role("alert").filter(has_text="Answer every criterion")).to_be_visible()
        for question in ("Relevant to the practice of medical illustration", "Meaning and substance",
                         "Provider and format"):
            reviewer_page.get_by_role("combobox", name=re.compile(question)).select_option("meets")
        reviewer_page.get_by_role("combobox", name=re.compile("IACET")).select_option("not_applicable")
        reviewer_page.get_by_role("textbox", name=re.compile("IACET.*note")).fill("No CE units offered.")
        reviewer_page.get_by_label("Private note for the committee (optional)").fill("Ask them to list it.")
        if suffix == "desktop":  # published on one device, the member's own on the other
            reviewer_page.get_by_role("checkbox", name="Publish in Upcoming Courses for all members").check()
        assert_accessible(reviewer_page)
        reviewer_page.get_by_role("button", name="Approve").click()
        expect(reviewer_page.get_by_role("status").filter(has_text="Approved")).to_be_visible()
        expect(reviewer_page.get_by_text("No CE units offered.")).to_be_visible()
        expect(reviewer_page.get_by_text("Ask them to list it.")).to_be_visible()
    finally:
        reviewer_context.close()
    approved = _wait_for_mail(inbox, member_email, "Approved:")
    assert "4.5 Biomedical hours" in approved.get_content()
    published = suffix == "desktop"
    assert ("now appears in Upcoming Courses" in approved.get_content()) is published
    assert ("not listed in Upcoming Courses" in approved.get_content()) is not published
    assert "Ask them to list it." not in approved.get_content()

    page.goto(request_url)
    expect(page.get_by_text("Only the anatomy sessions count.")).to_be_visible()
    expect(page.get_by_text("Ask them to list it.")).to_have_count(0)  # the private note is the committee's
    expect(page.get_by_text("No CE units offered.")).to_have_count(0)
    expect(page.get_by_label("Hours earned")).to_have_value("4.5")
    page.get_by_role("button", name="Record credit").click()
    expect(page.get_by_role("status").filter(has_text="Recorded: 4.5 hours")).to_be_visible()
    page.goto(f"{app.url}/home")
    expect(page.get_by_text(title).filter(visible=True).first).to_be_visible()
    expect(page.get_by_text("4.5 h").filter(visible=True).first).to_be_visible()


def test_r000_05_the_live_warning_when_the_last_day_comes_before_the_load(app, units):
    """The form's change event handled before its on_load (a busy server, another worker): the warning still
    comes, with the choices. A raw socket sends the change with no load at all, on a fresh tab."""
    today, member_email, _ = _people(units, "early")
    with units() as session:
        member = load_actor(session, session.exec(select(Member).where(Member.email == member_email)).one().id)
    name = NewRequestState.get_full_name()
    sock = Socket(app, session_token(units, member))
    try:
        sock.send(f"{name}.note_end", {"value": (today - timedelta(days=3)).isoformat()}, "/requests/new")
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and "already ended" not in str(sock.all_updates):
            time.sleep(0.1)
        shown = {k: v for update in sock.all_updates for k, v in (update.get("delta") or {}).get(name, {}).items()}
    finally:
        sock.close()
    assert "already ended" in shown.get("end_warning_rx_state_", "")
    assert "Biomedical" in str(shown.get("categories_rx_state_"))


def test_r000_19_forged_committee_decisions_change_nothing(app, units):
    """A plain member, and a reviewer on their own request, send the decide handlers straight to the backend."""
    today = local_date(CMI, utcnow())
    with units() as session:
        owner = f.person(session, Role.REVIEWER, Role.MEMBER, name="Reviewer Who Asked",
                         certified_on=today - timedelta(days=400))
        plain = f.person(session, name="Plain Forger", certified_on=today - timedelta(days=400))
        request = f.approval_request(session, owner, ends_on=today - timedelta(days=2), now=utcnow(),
                                     title="Forged Approval Target")
    name = ReviewRequestState.get_full_name()
    path = f"/review/{request.id}"
    for actor in (plain, owner):
        sock = Socket(app, session_token(units, actor))
        try:
            sock.send(f"{name}.load", {}, path)
            sock.send(f"{name}.set_private_note", {"value": "forged"}, path)
            sock.send(f"{name}.approve", {"form": {"hours": "40", "category_id": "1", "note": "forged",
                                                   "publish": "on"}}, path)
            sock.send(f"{name}.decline", {"form": {"reason": "forged"}}, path)
            sock.send(f"{name}.ask", {"form": {"question": "forged"}}, path)
        finally:
            sock.close()
    with units() as session:
        row = session.get(ApprovalRequest, request.id)
        assert (row.status, row.decided_by, row.activity_id, row.decision_note) == (RequestStatus.PENDING, None,
                                                                                   None, "")
        assert (row.private_note, row.criteria, row.published) == ("", [], False)
        assert session.exec(select(Activity).where(Activity.title == "Forged Approval Target")).all() == []


def test_r000_04_a_returned_request_is_answered_on_a_360_px_phone_and_queues_again(browser, app, units):
    """The answer form, and every approval page, fit a 360 px phone with 44 px targets."""
    today, member_email, reviewer_email = _people(units, "narrow")
    with units() as session:
        member = session.exec(select(Member).where(Member.email == member_email)).one()
        reviewer = session.exec(select(Member).where(Member.email == reviewer_email)).one()
        request = f.approval_request(session, load_actor(session, member.id), ends_on=today + timedelta(days=20),
                                     now=utcnow(), title="Medical Legal Illustration Workshop")
        return_with_question(session=session, actor=load_actor(session, reviewer.id),
                             request_id=request.id, question="Is the workshop accredited?",
                             now=utcnow(), settings=settings)
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True,
                                  device_scale_factor=2)
    context.set_default_timeout(20_000)
    try:
        phone = context.new_page()
        log_in(phone, app, member_email, f.PASSWORD)
        for path in ("/requests", "/requests/new", f"/requests/{request.id}"):
            phone.goto(f"{app.url}{path}")
            phone.get_by_role("heading", level=1).wait_for()
            phone.wait_for_timeout(300)
            _check_layout(phone)
            assert_accessible(phone)
        expect(phone.get_by_text("Is the workshop accredited?")).to_be_visible()
        phone.get_by_label("Your answer").fill("Yes, by the state medical board.")
        phone.get_by_role("button", name="Send answer").click()
        expect(phone.get_by_role("status").filter(has_text="Answer sent")).to_be_visible()
        expect(phone.get_by_text("Waiting for the committee")).to_be_visible()
        phone.get_by_role("link", name="Back to my requests").click()
        expect(phone.get_by_role("link", name="Medical Legal Illustration Workshop")).to_be_visible()

        context.clear_cookies()
        log_in(phone, app, reviewer_email, f.PASSWORD)
        for path in ("/review", f"/review/{request.id}"):
            phone.goto(f"{app.url}{path}")
            phone.get_by_role("heading", level=1).wait_for()
            phone.wait_for_timeout(300)
            _check_layout(phone)
            assert_accessible(phone)
        expect(phone.get_by_text("Yes, by the state medical board.")).to_be_visible()
        expect(phone.get_by_role("button", name="Approve")).to_be_visible()
    finally:
        context.close()
