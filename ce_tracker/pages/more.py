"""More: every place the tab bar has no room for, by role, each a full-width row a thumb can hit.

The society's own names for places stay findable as subtitles ("CMI CE Eligibility Form" under "Ask for
approval of an activity"), so a member following the society's instructions recognises them.
"""

from __future__ import annotations

import reflex as rx

from ce_tracker import names
from ce_tracker.components.layout import TOUCH, page
from ce_tracker.state.auth import AuthState
from ce_tracker.web import urls


def _row(label: str, href: str, subtitle: str = "") -> rx.Component:
    return rx.el.li(rx.link(
        rx.flex(rx.vstack(rx.text(label, weight="medium"),
                          *([rx.text(subtitle, size="1", color_scheme="gray")] if subtitle else []), spacing="0"),
                rx.icon("chevron-right", size=18, aria_hidden="true"), justify="between", align="center",
                width="100%"),
        href=href, underline="none", min_height="52px", display="flex", align_items="center", padding_x="0.75em",
        color="var(--gray-12)", border_bottom="1px solid var(--gray-a4)", width="100%"),
        list_style="none")


def _group(heading: str, *rows: rx.Component) -> rx.Component:
    return rx.el.section(
        rx.heading(heading, as_="h2", size="4"),
        rx.card(rx.el.ul(*rows, padding="0", margin="0"), width="100%", padding="0"),
        width="100%", display="flex", flex_direction="column", gap="0.5em")


def _member() -> rx.Component:
    return rx.fragment(
        _group("Your certification",
               _row(names.RENEWAL_AREA, urls.RENEWAL, "Renew, and see your CE credit status"),
               _row("Credit record", urls.RECORD, "Every credit in your term, with CSV and PDF downloads"),
               _row("Plan ahead", urls.PLANNER, "What if: planned activities and the standing they would give"),
               _row("Verifiable credentials", urls.CREDENTIALS,
                    "Advanced: certificates as signed files for a digital wallet or software that checks them")),
        _group("Earning credit",
               _row(names.CME_TRACKER, urls.CME, names.EVENTS_SECTION),
               _row(names.UPCOMING_COURSES, urls.COURSES,
                    f"{names.EDUCATION_OPPORTUNITIES}: pre-approved courses to record hours for"),
               _row("Ask for approval of an activity", urls.NEW_REQUEST, names.ELIGIBILITY_FORM),
               _row("Approval requests", urls.REQUESTS, "Your requests and the committee's answers")),
        _group("Staying on time",
               _row("Calendar", urls.CALENDAR, "Your deadlines in your phone's calendar")),
    )


def more_page() -> rx.Component:
    return page(
        "More",
        rx.cond(AuthState.is_member, _member()),
        rx.cond(AuthState.is_reviewer, _group("CE committee", _row("Review queue", urls.REVIEW,
                                                                   "Requests waiting for the CE committee"))),
        rx.cond(AuthState.is_board, _group(
            "Board of Certification",
            _row("Certificants", urls.BOARD, "Every certificant by the quarter their term ends"),
            _row("Audit sample", urls.BOARD_SAMPLE, "The random audit of verified renewals"))),
        rx.cond(AuthState.is_staff, _group(
            "Headquarters",
            _row("Members", urls.STAFF_MEMBERS, "Find accounts, open new ones, change roles"),
            _row("Events", urls.STAFF_EVENTS, "Live events, their days and registrations"),
            _row("Course catalog", urls.STAFF_COURSES, "Add pre-approved courses to Upcoming Courses"),
            _row("Renewals to verify", urls.STAFF_RENEWALS, "Applications with their evidence"),
            _row("Import received fees", urls.STAFF_PAYMENTS, "A CSV of renewal fees received"),
            _row("Record a passed exam", urls.STAFF_EXAMS, "A new 5-year term from the exam's date"),
            _row("Import past records", urls.STAFF_IMPORT, "Members' past credits from CSV"),
            _row("Certificates", urls.STAFF_CERTIFICATES, "Look a certificate up, revoke it"),
            _row("Programs", urls.STAFF_PROGRAMS, "Certification programs and their rules"))),
        _group("Your account",
               _row("Reminders", urls.REMINDERS, "Which emails you receive"),
               _row("Change password", urls.PASSWORD),
               _row("Help", urls.HELP, "Answers to common questions, and whom to ask")),
    )
