"""More: every place the tab bar has no room for, by role, each a full-width row a thumb can hit.

The society's own names for places stay findable as subtitles ("CMI CE Eligibility Form" under "Ask for
approval of an activity"), so a member following the society's instructions recognises them.
"""

from __future__ import annotations

import reflex as rx

from ce_tracker import names, routes
from ce_tracker.components.layout import page
from ce_tracker.state.auth import AuthState


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
               _row(names.RENEWAL_AREA, routes.RENEWAL, "Renew, and see your CE credit status"),
               _row("Credit record", routes.RECORD, "Every credit in your term, with CSV and PDF downloads"),
               _row("Plan ahead", routes.PLANNER, "What if: planned activities and the standing they would give"),
               _row("Verifiable credentials", routes.CREDENTIALS,
                    "Advanced: certificates as signed files for a digital wallet or software that checks them")),
        _group("Earning credit",
               _row(names.CME_TRACKER, routes.CME, names.EVENTS_SECTION),
               _row(names.UPCOMING_COURSES, routes.COURSES,
                    f"{names.EDUCATION_OPPORTUNITIES}: pre-approved courses to record hours for"),
               _row("Ask for approval of an activity", routes.NEW_REQUEST, names.ELIGIBILITY_FORM),
               _row("Approval requests", routes.REQUESTS, "Your requests and the committee's answers")),
        _group("Staying on time",
               _row("Calendar", routes.CALENDAR, "Your deadlines in your phone's calendar")),
    )


def more_page() -> rx.Component:
    return page(
        "More",
        rx.cond(AuthState.is_member, _member()),
        rx.cond(AuthState.is_reviewer, _group("CE committee", _row("Review queue", routes.REVIEW,
                                                                   "Requests waiting for the CE committee"))),
        rx.cond(AuthState.is_board, _group(
            "Board of Certification",
            _row("Certificants", routes.BOARD, "Every certificant by the quarter their term ends"),
            _row("Audit sample", routes.BOARD_SAMPLE, "The random audit of verified renewals"),
            # The Board administers the exam, so it records a pass too (headquarters list it under theirs).
            rx.cond(~AuthState.is_staff, _row("Record a passed exam", routes.STAFF_EXAMS,
                                              "A new 5-year term from the exam's date")))),
        rx.cond(AuthState.is_staff, _group(
            "Headquarters",
            _row("Members", routes.STAFF_MEMBERS, "Find accounts, open new ones, change roles"),
            _row("Events", routes.STAFF_EVENTS, "Live events, their days and registrations"),
            _row("Course catalog", routes.STAFF_COURSES, "Add pre-approved courses to Upcoming Courses"),
            _row("Renewals to verify", routes.STAFF_RENEWALS, "Applications with their evidence"),
            _row("Import received fees", routes.STAFF_PAYMENTS, "A CSV of renewal fees received"),
            _row("Record a passed exam", routes.STAFF_EXAMS, "A new 5-year term from the exam's date"),
            _row("Import past records", routes.STAFF_IMPORT, "Members' past credits from CSV"),
            _row("Certificates", routes.STAFF_CERTIFICATES, "Look a certificate up, revoke it"),
            _row("Programs", routes.STAFF_PROGRAMS, "Certification programs and their rules"))),
        _group("Your account",
               _row("Reminders", routes.REMINDERS, "Which emails you receive"),
               rx.cond(AuthState.keeps_password, _row("Change password", routes.PASSWORD)),
               _row("Help", routes.HELP, "Answers to common questions, and whom to ask")),
    )
