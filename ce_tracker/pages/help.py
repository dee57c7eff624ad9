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
     "Within 30 days of completing the activity. After 30 days the credit is forfeited."),
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
        rx.text("Questions about whether an activity qualifies: the CE committee, through the same address."),
    )
