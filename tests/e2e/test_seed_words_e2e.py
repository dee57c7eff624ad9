"""The society's instructions followed literally, by role and accessible name, on a desktop and on a phone.

A member who knows only the seeds' words ("Select My Account (upper right)", "Under My AIUM CMEs and
Events (bottom of the page) select CME Tracker", "navigate to Certified Medical Illustrator Renewal and then
click on Continuing Education", "CMI CE Eligibility Form", "Forgot Password? (below Login button) ... click the
Submit button") finds every place they name; the full FAQ says what the seeds say; the small things a member
notices (a refusal beside its field, 44 x 44 px targets, focus after the pencil, a real 404 page).
R002-02 to R002-13, R000-02, R000-07, R000-20 to R000-23, R000-25, R000-26, R002-16 to R002-18.
"""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from playwright.sync_api import Locator, Page, expect

from ce_tracker.clock import utcnow
from ce_tracker.config import settings
from ce_tracker.models import Activity, ActivityKind, Member
from ce_tracker.rules import CMI, local_date
from tests.utils import factories as f
from tests.utils.ui import assert_accessible

pytestmark = pytest.mark.e2e

EVENTS_SECTION = "My AMI CMEs and Events"  # the app's default society is the AMI (CE_SOCIETY_NAME unset)
RENEWAL_AREA = "Certified Medical Illustrator Renewal"
FORM = "CMI CE Eligibility Form"


def _suffix(device) -> str:
    return "phone" if device.get("has_touch") else "desktop"


def _box(locator: Locator) -> dict:
    box = locator.bounding_box()
    assert box is not None, f"{locator} is not on screen"
    return box


def _at_least_44(locator: Locator) -> None:
    box = _box(locator)
    assert box["width"] >= 44 and box["height"] >= 44, f"{locator}: {box['width']} x {box['height']} px"


def _member(units, name: str, *, event_title: str | None = None, course_title: str | None = None):
    """A member with, optionally, a concluded three-day event and a completed course with a web page."""
    today = local_date(CMI, utcnow())
    with units() as session:
        actor = f.person(session, name=name, certified_on=today - timedelta(days=500))
        days = []
        if event_title:
            activity = f.event(session, ends_on=today - timedelta(days=1), title=event_title)
            days = f.event_days(session, activity)
            f.register(session, actor, *days)
        if course_title:
            session.add(Activity(kind=ActivityKind.COURSE, title=course_title, provider="Lakeside Museum",
                                 location="Online", format="online (live)", starts_on=today - timedelta(days=3),
                                 ends_on=today - timedelta(days=2), hours=Decimal("3"), url="https://example.org/c",
                                 category_id=f.category(session, "Art").id, pre_approved=True))
        email = session.get(Member, actor.member_id).email
    return email, [f"{d.day:%a}, {d.day:%b} {d.day.day}" for d in days]


def _my_account_then_log_in(page: Page, app, email: str) -> None:
    """Steps 2 and 3: "My Account" at the upper right, then log in with the Login button."""
    page.goto(app.url)
    my_account = page.get_by_role("link", name="My Account")
    box, width = _box(my_account), page.viewport_size["width"]
    assert box["x"] > width / 2 and box["y"] < 100, "My Account is not at the upper right"
    my_account.click()
    page.wait_for_url(re.compile(r"/login"))
    log_in_button = page.get_by_role("button", name="Log in")
    forgot = page.get_by_role("link", name="Forgot Password?")
    assert _box(forgot)["y"] > _box(log_in_button)["y"], "Forgot Password? is not below the Login button"
    page.get_by_label("Email, member ID or username").fill(email)
    page.get_by_label("Password").fill(f.PASSWORD)
    log_in_button.click()
    page.wait_for_url(re.compile(r"/home"))


def _open_by_its_name(page: Page, name: str) -> None:
    """The society's name for a place, found under More (a tab a thumb reaches) as the place's subtitle."""
    trigger = page.get_by_role("button", name="My Account")
    box, width = _box(trigger), page.viewport_size["width"]
    assert box["x"] > width / 2 and box["y"] < 100, "My Account is not at the upper right"
    page.get_by_role("navigation", name="Main").get_by_role("link", name="More").click()
    page.get_by_role("main").get_by_role("link", name=name).click()


def test_r002_06_r002_18_my_account_events_section_cme_tracker_enter_credits_pencil_disc_submit_view(page, device, app, units):
    """Second seed, steps 2 to 10 and "Click View in the Certificate column", name by name."""
    title = f"Seed Words Conference ({_suffix(device)})"
    email, labels = _member(units, f"Sandra Seed {_suffix(device)}", event_title=title)
    _my_account_then_log_in(page, app, email)

    section = page.get_by_role("region", name=EVENTS_SECTION)
    expect(section).to_be_visible()  # step 4: at the bottom of the page, after everything else in main
    assert page.evaluate("""() => { const main = document.querySelector('main');
        const s = [...main.querySelectorAll('section')].find(x => x.textContent.includes('CMEs and Events'));
        return [...main.querySelectorAll('h2')].every(h => s.contains(h) ||
            (h.compareDocumentPosition(s) & Node.DOCUMENT_POSITION_FOLLOWING)); }""")
    section.get_by_role("link", name="CME Tracker").click()
    page.wait_for_url(re.compile(r"/cme/?$"))
    expect(page.get_by_role("heading", name="CME Tracker", level=1)).to_be_visible()

    enter = page.get_by_role("link", name=f"Enter Credits for {title}").filter(visible=True)
    if _suffix(device) == "desktop":  # step 5: "Enter Credits" in the "Credits Earned" column
        expect(page.get_by_role("columnheader", name="Credits Earned")).to_be_visible()
        expect(page.get_by_role("columnheader", name="Certificate")).to_be_visible()
        assert enter.evaluate("""a => { const th = [...a.closest('table').querySelectorAll('th')];
            return a.closest('td').cellIndex === th.findIndex(h => h.textContent === 'Credits Earned'); }""")
    else:
        assert "Credits Earned" in enter.evaluate("a => a.parentElement.textContent")
    enter.click()
    page.wait_for_url(re.compile(r"/cme/\d+$"))
    expect(page.get_by_role("heading", name="Credits Earned")).to_be_visible()  # step 7's column

    for label, value in zip(labels, ("6", "0", "4.5")):
        pencil = page.get_by_role("button", name=f"Edit {label}")  # step 6: at the start of the day's line
        if _suffix(device) == "desktop":
            pencil.focus()
            page.keyboard.press("Enter")
        else:
            pencil.click()
        box = page.get_by_role("textbox", name=f"Credits for {label}")
        expect(box).to_be_focused()  # the keyboard is in the day's input, not on "Save <day>"
        page.keyboard.type(value)
        page.get_by_role("button", name=f"Save {label}").click()  # step 8: the disc
        expect(page.get_by_role("button", name=f"Edit {label}")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Submit My Credits For This Event").click()  # step 10
    page.get_by_role("alertdialog").get_by_role("button", name="Yes, submit my credits").click()
    expect(page.get_by_role("status").filter(has_text="Submitted: 10.5 credits")).to_be_visible()

    page.goto(f"{app.url}/cme")
    expect(page.get_by_text("10.5 credits").filter(visible=True).first).to_be_visible()
    view = page.get_by_role("link", name=f"View certificate for {title}").filter(visible=True)
    _at_least_44(view)  # was 38 px wide
    view.click()
    page.wait_for_url(re.compile(r"/certificates/"))


def test_r000_07_r000_21_renewal_area_continuing_education_category_education_opportunities(page, device, app, units):
    """First seed: "Certified Medical Illustrator Renewal" -> "Continuing Education" -> a category ->
    "Education Opportunities"; a refused value is shown beside its field, in view, at 360 px."""
    title = f"Seed Words Course ({_suffix(device)})"
    email, _ = _member(units, f"Rene Renewal {_suffix(device)}", course_title=title)
    _my_account_then_log_in(page, app, email)
    _open_by_its_name(page, RENEWAL_AREA)
    expect(page.get_by_role("heading", name=RENEWAL_AREA, level=1)).to_be_visible()
    expect(page.get_by_text(re.compile(r"Counted: .* of 35 h"))).to_be_visible()  # "view your CE credit record"
    expect(page.get_by_role("link", name="See your CE credit record")).to_be_visible()  # the record from here too
    page.get_by_role("link", name="Continuing Education").click()
    page.wait_for_url(re.compile(r"/courses"))
    page.get_by_label("Category").select_option("Art")  # "Choose the category of credit"
    page.get_by_label("Search").fill(title)
    page.get_by_role("button", name="Show courses").click()
    expect(page.get_by_role("heading", name="Education Opportunities")).to_be_visible()
    expect(page.get_by_role("heading", name=title)).to_be_visible()
    # The other device's course is listed until the search's answer arrives: wait for this course alone.
    expect(page.get_by_role("link", name="Course page")).to_have_count(1)
    _at_least_44(page.get_by_role("link", name="Course page"))  # was 20 px tall

    page.set_viewport_size({"width": 360, "height": 740})
    page.get_by_role("button", name=f"Record hours for {title}").click()
    hours = page.get_by_label("Hours earned (Art)")
    hours.fill("9")  # more than the course is worth
    page.get_by_role("button", name="Record hours", exact=True).click()
    refusal = page.get_by_role("alert").filter(has_text="at most 3 hours")
    expect(refusal).to_be_in_viewport()
    expect(hours).to_have_attribute("aria-invalid", "true")
    assert 0 <= _box(refusal)["y"] - _box(hours)["y"] < 150, "the refusal is not next to its field"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "horizontal scrolling"
    assert_accessible(page)
    hours.fill("3")
    page.get_by_role("button", name="Record hours", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Recorded 3 h")


def test_r000_02_r000_22_the_cmi_ce_eligibility_form_by_its_name_asks_before_attending_or_paying(page, device, app, units):
    email, _ = _member(units, f"Eli Eligible {_suffix(device)}")
    _my_account_then_log_in(page, app, email)
    expect(page.get_by_role("link", name=FORM)).to_be_visible()  # on the member's page too
    _open_by_its_name(page, FORM)
    page.wait_for_url(re.compile(r"/requests/new$"))
    expect(page.get_by_role("heading", name="Ask for approval of an activity", level=1)).to_be_visible()
    expect(page.get_by_role("main").get_by_text(FORM, exact=True)).to_be_visible()  # its official name, under it
    expect(page.get_by_role("note").filter(  # before attending, and before paying ("expense")
        has_text="To avoid disappointment and expense, the activity approval form should be submitted prior to "
                 "participating in the continuing education activity.")).to_be_visible()
    expect(page.get_by_role("button", name="Send to the CE committee")).to_be_visible()
    assert_accessible(page)


def test_r002_03_r002_17_forgot_password_below_login_then_submit(page, device, app, units):
    email, _ = _member(units, f"Fern Forgetful {_suffix(device)}")
    page.goto(f"{app.url}/login")
    forgot = page.get_by_role("link", name="Forgot Password?")
    assert _box(forgot)["y"] > _box(page.get_by_role("button", name="Log in"))["y"]
    forgot.click()
    expect(page.get_by_role("heading", name="Forgot Password?", level=1)).to_be_visible()
    page.get_by_label("Email, member ID or username").fill(email)
    page.get_by_role("button", name="Submit", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("we have emailed it a link")
    expect(page.get_by_role("link", name="membership@ce-tracker.local")).to_be_visible()  # "contact membership"
    assert_accessible(page)


# Each FAQ topic and what it must say: the seeds' own facts, written out here (not read from the app's module).
FAQ = [
    ("What is pre-approved for credit?",
     ["Items listed in Upcoming Courses", "designated presentations and workshops", "AMI and GNSI meetings",
      "must be reviewed and approved by the CE committee", "CMI CE Eligibility Form"]),
    ("How do I ask for approval?",
     ["CMI CE Eligibility Form", "not AMI headquarters", "within 2 weeks", "before you attend or pay",
      "up to 30 days after completing", "no CE credit can be issued"]),
    ("How do I add CE credit to my account?",
     ["Certified Medical Illustrator Renewal", "Continuing Education", "Choose the category",
      "Education Opportunities", "within 30 days", "forfeited", "30 days after it ends"]),
    ("How many hours do I need?",
     ["35 CE credit hours", "5-year", "Art: 14 hours minimum required (21 hours maximum)",
      "Biomedical: 14 hours minimum required (21 hours maximum)", "Business and History", "7 hours maximum",
      "CMI exam, in its entirety, must be taken again"]),
    ("Where do I see my CE credit record?", ["Certified Medical Illustrator Renewal", "CSV and PDF"]),
    ("How do I renew?", ["renewal fee", "AMI headquarters checks your record", "another 35 hours"]),
    ("How do I enter CME credits for a conference?",
     ["cannot be claimed until the conclusion of the event", "My AMI CMEs and Events", "CME Tracker",
      "most recent first", "Enter Credits", "Credits Earned", "pencil", "enter 0", "disc",
      "Submit My Credits For This Event", "cannot change the credits afterwards", "registered for"]),
    ("Why is a day of my registration missing?",
     ["onsite", "up to 72 hours", "imports onsite registrations as soon as it receives them",
      "the moment they are imported"]),
    ("Where is my certificate?", ["Credits Earned", "View", "Certificate", "CME participation record", "print"]),
    ("I forgot my password.", ["Forgot Password?", "below the Log in button", "member ID or username", "Submit"]),
]


def _faq_says(page: Page, app, question: str, phrases: list[str]) -> Locator:
    page.goto(f"{app.url}/help")
    topic = page.get_by_role("region", name=question)
    expect(topic.get_by_role("heading", name=question)).to_be_visible()
    for phrase in phrases:  # the program's numbers arrive with the page's load: each phrase may wait for it
        expect(topic).to_contain_text(phrase)
    return topic


@pytest.mark.parametrize("question, phrases", FAQ, ids=[q for q, _ in FAQ])
def test_r000_20_each_faq_topic_says_what_the_seeds_say(page, app, question, phrases):
    _faq_says(page, app, question, phrases)


def test_r000_23_the_faq_says_where_to_find_structured_learning_events(page, app):
    _faq_says(page, app, "Where can I find eligible learning events?", [
        "structured learning events", "AMI annual meeting", "member webinars", "colleges and universities",
        "libraries", "museums", "hospitals", "professional societies", "conferences", "online learning platforms",
        "more suggestions", "Upcoming Courses"])


def test_r000_25_r000_26_the_faq_sets_the_committee_against_the_board_which_certifies_and_keeps_term_ends(
        page, app):
    topic = _faq_says(page, app, "What is the difference between the CE Committee and the Board of Certification?", [
        "evaluates courses, workshops", "IACET criteria", "recommends to the Board of Certification",
        "administers the written test and portfolio review", "certified again after a lapse",
        "term expiration dates", "not an AMI committee"])
    expect(topic.get_by_role("link", name="Certification Exam Application")).to_have_attribute(
        "href", settings.exam_url)


def test_r000_20_r000_26_contacts_committee_chair_vice_chair_and_membership(page, app):
    page.goto(f"{app.url}/help")
    contacts = page.get_by_role("region", name="Contacts")
    expect(contacts.get_by_role("heading", name="AMI Continuing Education Committee")).to_be_visible()
    expect(contacts.get_by_text("CE Committee Chair", exact=True)).to_be_visible()
    expect(contacts.get_by_text("CE Committee Vice Chair", exact=True)).to_be_visible()
    committee = contacts.get_by_role("link", name="ce-committee@ce-tracker.local")
    expect(committee.first).to_have_attribute("href", "mailto:ce-committee@ce-tracker.local")
    expect(contacts.get_by_role("link", name="membership@ce-tracker.local")).to_have_attribute(
        "href", "mailto:membership@ce-tracker.local")
    expect(contacts).to_contain_text("how to submit CME credits")
    for link in contacts.get_by_role("link").all():
        _at_least_44(link)
    assert_accessible(page)


def test_help_is_reached_from_every_page_with_a_44_px_link(page, device, app, units):
    title = f"Help Everywhere Conference ({_suffix(device)})"
    email, _ = _member(units, f"Hal Helpful {_suffix(device)}", event_title=title)
    page.goto(f"{app.url}/login")
    for path in ("/login", "/forgot-password", "/verify"):
        page.goto(f"{app.url}{path}")
        _at_least_44(page.get_by_role("contentinfo").get_by_role("link", name="Help and contacts"))
    _my_account_then_log_in(page, app, email)
    page.set_viewport_size({"width": 360, "height": 740} if _suffix(device) == "phone"
                           else {"width": 1280, "height": 900})
    for path in ("/home", "/cme", "/courses", "/renewal", "/requests", "/requests/new", "/record", "/help"):
        page.goto(f"{app.url}{path}")
        page.get_by_role("heading", level=1).wait_for()
        help_link = page.get_by_role("contentinfo").get_by_role("link", name="Help and contacts")
        _at_least_44(help_link)  # was 16 px tall
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), path


def test_a_page_that_does_not_exist_has_the_frame_a_heading_a_sentence_and_a_way_home(page, app, units):
    email, _ = _member(units, "Nora Nowhere")
    page.goto(f"{app.url}/no-such-page/here")
    expect(page.get_by_role("main").get_by_role("heading", name="Page not found", level=1)).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("There is no page at this address")
    expect(page.get_by_role("banner").get_by_role("link", name="My Account")).to_be_visible()
    expect(page.get_by_role("contentinfo").get_by_role("link", name="Help and contacts")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Go to your home page").click()
    page.wait_for_url(re.compile(r"/login"))  # signed out: home asks to log in first
    page.get_by_label("Email, member ID or username").fill(email)
    page.get_by_label("Password").fill(f.PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r"/home"))
    expect(page.get_by_role("button", name="My Account")).to_be_visible()  # Home has read the session
    page.goto(f"{app.url}/cme/also/not/here")
    expect(page.get_by_role("heading", name="Page not found", level=1)).to_be_visible()
    # Signed in: the account menu, once the page's on_load (the 404 page's own) has read the session.
    expect(page.get_by_role("button", name="My Account")).to_be_visible(timeout=20_000)
