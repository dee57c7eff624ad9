"""Help: how the CE and CME tracking works, and whom to ask (R000-20, R002-16)."""

from __future__ import annotations

import reflex as rx

from ce_tracker.components.layout import page
from ce_tracker.config import settings

FAQ = (
    ("How many hours do I need?",
     "35 counted CE hours over your 5-year certification term: Art at least 14 hours (at most 21 count), "
     "Biomedical at least 14 hours (at most 21 count), and Business and History together at most 7 hours. "
     "If the hours are not earned in the term, certification lapses and the exam must be taken again."),
    ("When must I record credit?",
     "Within 30 days of completing the activity. After 30 days the credit is forfeited. For an activity the CE "
     "committee approved on your request after you completed it, the 30 days run from the approval."),
    ("Which activities count?",
     "Courses listed under Upcoming Courses (the Education Opportunities) and designated presentations and "
     "workshops at the AMI and GNSI meetings are pre-approved. Anything else must be approved by the CE committee "
     "before credit can be issued. An activity leaves Upcoming Courses 30 days after it ends."),
    ("How do I record hours for a course?",
     "Open Upcoming Courses from the account menu, choose the category, find the course and record the hours you "
     "earned (at most the hours it is worth, in quarter hours). You can record a course once, after it ends."),
    ("How do I ask for approval of another activity?",
     "Open Approval requests and choose New request. Describe the activity, its dates, format, the category and "
     "the hours, and attach an agenda or certificate if you have one. Ask before you attend or pay: you will know "
     "beforehand whether it counts. A request made later than 30 days after the activity cannot be accepted. The "
     "CE committee (not headquarters) decides within 2 weeks and emails you; it may ask you a question first. "
     "Once approved, record the credit from the request within 30 days."),
    ("How do I renew?",
     "When Home shows that you have the hours needed, choose Apply for renewal: confirm that your credits were "
     "earned and properly recorded during the term and pay the renewal fee. Headquarters verifies your record; "
     "your next 5-year term then starts the day after the current one ends, and you collect another 35 hours."),
    ("How do I enter CME credits for a conference?",
     "Open CME Tracker from the account menu and choose Enter Credits for the event. For each day, click the "
     "pencil, type the credits you earned (enter 0 for a day without credit) and click the disc to save. When "
     "every day is saved, click Submit My Credits For This Event. You cannot change the credits after you "
     "submit. Credits cannot be claimed until the event has concluded."),
    ("A day of my registration is missing.",
     "You can enter credits only for the days you are registered for. Onsite registrations and changes appear "
     "as soon as headquarters imports them, usually the same day."),
    ("Where is my certificate?",
     "After you submit, click View in the Certificate column. You can print it or download it as a PDF; anyone "
     "can verify it on the Verify a certificate page."),
)


def help_page() -> rx.Component:
    return page(
        "Help",
        rx.vstack(*[rx.vstack(rx.heading(q, as_="h2", size="4"), rx.text(a), spacing="1") for q, a in FAQ],
                  spacing="4", width="100%"),
        rx.heading("Contacts", as_="h2", size="4"),
        rx.text("Questions about submitting CME credits or your account: ",
                rx.link(settings.support_email, href=f"mailto:{settings.support_email}"), "."),
        rx.text("Questions about whether an activity qualifies: the CE committee at ",
                rx.link(settings.committee_email, href=f"mailto:{settings.committee_email}"), "."),
    )
