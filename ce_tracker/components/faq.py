"""The full FAQ the society's instructions point to ("For a full FAQ ... click here"), and whom to ask.

Every answer says what the seeds say, in the app's own names (``ce_tracker.names``); the numbers come from the
society's program as staff last saved it (the help page reads it when it loads, so an edit shows at once) and the
society's names and contacts from configuration, so another society's help is its own. Configured text reaches
the page only as Reflex text (escaped), already cut to length by ``config``; a contact without a usable address
is left out rather than shown as an empty link.
(R000-20, R002-16)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Union

import reflex as rx

from ce_tracker import formatting as fmt
from ce_tracker import names
from ce_tracker.components import wording
from ce_tracker.config import settings
from ce_tracker.rules import Program

TOUCH = "44px"
SHORT = settings.society_short_name
CREDENTIAL = settings.credential_abbreviation

# The second seed's note, said honestly with what the society does about it (shared with the event page).
ONSITE_72_HOURS = (
    "If you register onsite, or change your registration onsite, you may not be able to enter your CME credits "
    "for up to 72 hours. Headquarters imports onsite registrations as soon as it receives them, and your days "
    "appear in the CME Tracker the moment they are imported.")


@dataclass(frozen=True)
class Topic:
    slug: str  # the section's id, so a topic can be linked to (/help#records)
    question: str
    answers: tuple[str, ...]  # paragraphs
    link: tuple[str, str] | None = None  # (words, address) of a page elsewhere the answer points to


Words = Union[str, rx.Var]


@dataclass(frozen=True)
class ProgramWords:
    """The program's numbers as the FAQ says them: text, or the help page's vars that hold that text."""

    hours_rule: Words  # the whole rule: total, term, each category's minimum and maximum, the combined caps
    term_years: Words
    total_hours: Words
    ready: bool | rx.Var = True  # the words are read (the page's var is False until its load has run)

    def said(self, paragraph: Words) -> Words:
        """``paragraph`` once the words are read, and nothing before: never a sentence with its numbers missing."""
        return paragraph if self.ready is True else rx.cond(self.ready, paragraph, "")


def hours_rule(p: Program) -> str:
    """The program's hours rule in one paragraph (R000-11 to R000-14)."""
    parts = []
    for c in p.categories:
        if c.required:
            top = f" ({fmt.hours(c.max_hours)} hours maximum)" if c.max_hours is not None else ""
            parts.append(f"{c.name}: {fmt.hours(c.min_hours)} hours minimum required{top}")
    for g in p.groups:
        parts.append(f"{' and '.join(g.categories)} (both optional): {fmt.hours(g.max_hours)} hours maximum "
                     "combined")
    return (f"A total of {fmt.hours(p.total_hours)} CE credit hours over your {p.term_years}-year certification "
            f"period. " + "; ".join(parts) + ". Hours beyond a maximum are kept in your record but do not count.")


def program_words(program: Program | None) -> ProgramWords:
    """What the FAQ says of ``program``; nothing before any program is installed."""
    if program is None:
        return ProgramWords("", "", "")
    return ProgramWords(hours_rule(program), str(program.term_years), fmt.hours(program.total_hours))


def topics(p: ProgramWords) -> tuple[Topic, ...]:
    """Every question and its answer, with the program's numbers from ``p``."""
    return (
        Topic("find", "Where can I find eligible learning events?", (  # R000-23
            f"Look for structured learning events at the {SHORT} annual meeting, {SHORT} member webinars, or "
            "elsewhere: colleges and universities, libraries, museums, hospitals, professional societies, "
            "conferences, online learning platforms and more.",
            f"For more suggestions, browse {names.UPCOMING_COURSES} ({names.EDUCATION_OPPORTUNITIES}): every course "
            "listed there is pre-approved, and the list shows what kinds of activities the committee accepts.")),
        Topic("preapproved", "What is pre-approved for credit?", (
            f"Items listed in {names.UPCOMING_COURSES}, and designated presentations and workshops given at "
            f"{settings.designated_meetings}, are pre-approved for credit.",
            "Courses or workshops taken elsewhere must be reviewed and approved by the CE committee before credit can "
            f"be issued: submit the {names.ELIGIBILITY_FORM}.")),
        Topic("approval", f"How do I ask for approval? ({names.ELIGIBILITY_FORM})", (
            f"Under More, choose Ask for approval of an activity (the {names.ELIGIBILITY_FORM}). Describe the "
            "activity, its dates, format, the category and the hours; you can attach an agenda or certificate after "
            "sending it. The form goes to the "
            f"CE committee (not {SHORT} headquarters), which should email you its approval or non-approval within 2 "
            "weeks of submission; it may ask you a question first.",
            "Submit it before you attend or pay for the activity, so you know beforehand whether it counts. You may "
            "still submit it up to 30 days after completing the activity; later than that, no CE credit can be "
            "issued.")),
        Topic("add", "How do I add CE credit to my account?", (
            f"Under More, open {names.RENEWAL_AREA}, then {names.CONTINUING_EDUCATION}. Choose the "
            f"category you want credit in, then record your hours for the course in {names.EDUCATION_OPPORTUNITIES}: "
            "at most the hours it is worth, in quarter hours.",
            "Record it within 30 days of completing the activity, or the credit is forfeited. A course leaves the "
            "list by itself 30 days after it ends. For an activity the committee approved on your request, record "
            "the credit on the request's page; if the approval came after you completed it, the 30 days run from "
            "the approval.")),
        Topic("hours", "How many hours do I need?", (
            p.said(p.hours_rule),
            p.said(f"If the hours are not earned during the {p.term_years}-year term, {CREDENTIAL} status lapses "
                   f"and the {CREDENTIAL} exam, in its entirety, must be taken again."))),
        Topic("record", "Where do I see my CE credit record?", (
            f"Open {names.RENEWAL_AREA}: it shows your counted hours against each category's minimum and maximum. "
            "Credit record lists every credit of your term, with CSV and PDF downloads. Home shows the same "
            "standing with the next deadlines.",)),
        Topic("renew", "How do I renew?", (p.said(
            f"When your {p.term_years}-year term ends you must renew your certification, demonstrating the "
            f"required CE, to avoid retaking the {CREDENTIAL} exam. When {names.RENEWAL_AREA} shows that you have the "
            "hours, choose Apply for renewal: confirm that your credits were earned and properly recorded during the "
            f"term and pay the renewal fee. {SHORT} headquarters checks your record and verifies the renewal; your "
            f"next term then starts the day after the current one ends. Start collecting another "
            f"{p.total_hours} hours!"),)),
        # R000-26: the committee against the Board, its chair and vice chair, the exam application
        Topic("committee", "What is the difference between the CE Committee and the Board of Certification?", (
            f"The {SHORT} Continuing Education Committee evaluates courses, workshops and other activities, given "
            f"at the {SHORT} meeting and elsewhere, for their relevance to the practice: does the course have "
            "meaning and substance for the credential holder, and does it satisfy the IACET criteria and guidelines "
            "for awarding CE credit? It approves activities, recommends to the Board of Certification the required "
            "CE hours and categories, and deals with the period between the start of certification and renewal.",
            "The Board of Certification manages the beginning and end of certification: it administers the written "
            "test and portfolio review that certify you, and keeps track of the term expiration dates of certified "
            f"members. It is not an {SHORT} committee but an administratively and financially independent body.",
            "To be certified, or certified again after a lapse, apply to the Board for the exam:"),
            link=("Certification Exam Application", settings.exam_url)),
        Topic("cme", "How do I enter CME credits for a conference?", (
            "CME credits cannot be claimed until the conclusion of the event. Open the "
            f"{names.CME_TRACKER}: a tab at the bottom of a phone's screen and at the top of a computer's, and a link "
            f"under {names.EVENTS_SECTION} on your home page. Your events are listed most recent first. Select "
            f"{names.ENTER_CREDITS} in the {names.CREDITS_EARNED} column.",
            f"Click the pencil at the start of a day's line and type the total credits you earned that day in the "
            f"{names.CREDITS_EARNED} column; if you earned none that day, enter 0, or the form will not submit. Click "
            "the disc to save it, and repeat for each day. When every day is saved, select Submit My Credits For "
            "This Event. Do not submit before every day is entered: you cannot change the credits afterwards. You "
            "can enter credits only for the days you are registered for.")),
        Topic("missing", "Why is a day of my registration missing?", (
            ONSITE_72_HOURS,)),
        Topic("certificate", "Where is my certificate?", (
            f"After you submit, your total appears in the {names.CREDITS_EARNED} column. Click View in the "
            f"{names.CERTIFICATE} column to see your official {SHORT} CME participation record; print it or save it "
            "as a PDF. Anyone can check it on the Verify a certificate page.",)),
        Topic("password", "I forgot my password.", (
            # R000-27: with member passwords off, the password is the society's and so is the page that resets it.
            f"You sign in with your {SHORT} account, so your password is the {SHORT}'s. On the log in page, select "
            f"{names.FORGOT_PASSWORD} below the Log in button: it takes you to the {SHORT}'s own page to reset it."
            if settings.oidc is not None and not settings.member_passwords else
            f"On the log in page, select {names.FORGOT_PASSWORD} below the Log in button. Enter your email address, "
            "member ID or username and click Submit: we email you a link to choose a new password.",)),
    )


def mail_link(address: str) -> rx.Component:
    """An address as a mailto link, 44 px tall; only called with an address ``config`` accepted."""
    return rx.link(address, href=f"mailto:{address}", min_height=TOUCH, display="inline-flex",
                   align_items="center", overflow_wrap="anywhere")


def membership_sentence(opening: str) -> rx.Component:
    """ "<opening>, contact membership at <address>." or nothing when no address is configured."""
    if not settings.membership_email:
        return rx.fragment()
    return rx.fragment(f"{opening}, contact membership at ", mail_link(settings.membership_email), ".")


def _contact(role: str, person: tuple[str, str]) -> rx.Component:
    """ "Name, role" (or the role alone when no name is configured) with the address."""
    name, address = person
    if not address:
        return rx.fragment()  # a contact without an address is omitted, never an empty link
    who = name if name.lower() == role.lower() else f"{name}, {role}"
    return rx.el.li(rx.text(who, weight="medium"), mail_link(address))


def contacts() -> rx.Component:
    """The committee's chair and vice chair, the committee's address, and membership for CME questions (R000-26)."""
    committee = [_contact("CE Committee Chair", settings.committee_chair),
                 _contact("CE Committee Vice Chair", settings.committee_vice_chair)]
    if settings.committee_email:
        committee.append(_contact("The whole committee", ("The whole committee", settings.committee_email)))
    return rx.el.section(
        rx.heading("Contacts", as_="h2", size="5", id="contacts"),
        rx.heading(f"{SHORT} Continuing Education Committee", as_="h3", size="3"),
        rx.text("Questions about whether an activity qualifies, and about your requests.", size="2"),
        rx.el.ul(*committee, list_style="none", padding="0", margin="0"),
        *([rx.heading("Membership", as_="h3", size="3"),
           rx.text(membership_sentence("For questions about how to submit CME credits, or about your account"))]
          if settings.membership_email else []),
        aria_labelledby="contacts", display="flex", flex_direction="column", gap="0.5em", width="100%",
    )


def _device_words(paragraph: Words) -> rx.Component:
    """A paragraph whose "Click" instructions say "Tap" on a touch screen (``wording.press``); a paragraph read
    from the program (a Var) holds no instruction and is shown as it is."""
    if not isinstance(paragraph, str):
        return rx.text(paragraph)
    parts = re.split(r"\b([Cc])lick\b", paragraph)
    pieces: list = [parts[0]]
    for capital, rest in zip(parts[1::2], parts[2::2]):
        pieces += [wording.press(capital == "C"), rest]
    return rx.text(*pieces)


def topic_section(topic: Topic) -> rx.Component:
    heading_id = f"faq-{topic.slug}"
    return rx.el.section(
        rx.heading(topic.question, as_="h2", size="4", id=heading_id),
        *[_device_words(paragraph) for paragraph in topic.answers],
        *([rx.link(topic.link[0], href=topic.link[1], is_external=True, min_height=TOUCH, display="inline-flex",
                   align_items="center")] if topic.link else []),
        aria_labelledby=heading_id, display="flex", flex_direction="column", gap="0.5em", width="100%",
    )


def _questions(all_topics: tuple[Topic, ...]) -> rx.Component:
    """The questions first, each a link to its answer, so a member finds theirs without scrolling through all."""
    return rx.el.nav(
        rx.el.ul(*[rx.el.li(rx.link(t.question, href=f"#faq-{t.slug}", min_height=TOUCH, display="inline-flex",
                                    align_items="center")) for t in all_topics],
                 rx.el.li(rx.link("Contacts", href="#contacts", min_height=TOUCH, display="inline-flex",
                                  align_items="center")),
                 list_style="none", padding="0", margin="0"),
        aria_label="Help topics", width="100%")


def faq(program: ProgramWords) -> rx.Component:
    """The whole FAQ, saying ``program``'s numbers (the help page passes the vars it loads them into)."""
    all_topics = topics(program)
    return rx.vstack(_questions(all_topics), *[topic_section(t) for t in all_topics], contacts(), spacing="5",
                     width="100%")
