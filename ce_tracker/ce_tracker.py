"""The Reflex app: page registration only (each page lives in ce_tracker/pages/)."""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import reflex as rx
from reflex.utils.format import format_event_handler

from ce_tracker import names, routes
from ce_tracker.components.offline import early_socket, offline_banner
from ce_tracker.models import Role
from ce_tracker.pages.accounts.account import PasswordState, password_page
from ce_tracker.pages.accounts.login import LoginState, login_page
from ce_tracker.pages.accounts.password_reset import ForgotState, ResetState, forgot_page, reset_page
from ce_tracker.pages.accounts.staff_members import StaffMembersState, staff_members_page
from ce_tracker.pages.approvals.request_form import NewRequestState, new_request_page
from ce_tracker.pages.approvals.requests import RequestsState, RequestState, request_page, requests_page
from ce_tracker.pages.approvals.review import (
    ReviewQueueState,
    ReviewRequestState,
    review_queue_page,
    review_request_page,
)
from ce_tracker.pages.board.board import BoardState, board_page
from ce_tracker.pages.board.board_sample import BoardSampleState, board_sample_page
from ce_tracker.pages.courses.courses import CoursesState, courses_page
from ce_tracker.pages.courses.staff_courses import StaffCoursesState, staff_courses_page
from ce_tracker.pages.credentials.credentials import CredentialsState, credentials_page
from ce_tracker.pages.credentials.verify import VerifyState, verify_page
from ce_tracker.pages.credentials.verify_credential import VerifyCredentialState, verify_credential_page
from ce_tracker.pages.events.certificate import CertificateState, certificate_page
from ce_tracker.pages.events.cme_event import CmeEventState, cme_event_page
from ce_tracker.pages.events.cme_list import CmeListState, cme_list_page
from ce_tracker.pages.events.staff_certificates import StaffCertificatesState, staff_certificates_page
from ce_tracker.pages.events.staff_event import StaffEventState, staff_event_page
from ce_tracker.pages.events.staff_events import StaffEventsState, staff_events_page
from ce_tracker.pages.help import HelpState, help_page
from ce_tracker.pages.more import more_page
from ce_tracker.pages.not_found import not_found_page
from ce_tracker.pages.programs.staff_programs import StaffProgramsState, staff_programs_page
from ce_tracker.pages.record.home import HomeState, home_page
from ce_tracker.pages.record.planner import PlannerState, planner_page
from ce_tracker.pages.record.record import RecordState, record_page
from ce_tracker.pages.record.staff_import import StaffImportState, staff_import_page
from ce_tracker.pages.reminders.calendar import CalendarState, calendar_page
from ce_tracker.pages.reminders.reminders import RemindersState, reminders_page
from ce_tracker.pages.renewal.renewal import RenewalState, renewal_page
from ce_tracker.pages.renewal.staff_exams import StaffExamsState, staff_exams_page
from ce_tracker.pages.renewal.staff_payments import StaffPaymentsState, staff_payments_page
from ce_tracker.pages.renewal.staff_renewals import (
    StaffRenewalsState,
    StaffRenewalState,
    staff_renewal_page,
    staff_renewals_page,
)
from ce_tracker.services.credentials import open_badges
from ce_tracker.state.auth import AuthState
from ce_tracker.tasks import board_keeper, lapse_sweeper, mail_retrier
from ce_tracker.web.guards import origin_guard, proxied_address, upload_guard
from ce_tracker.web.routes import api, security_headers


class Page(NamedTuple):
    """One page of the app: where it lives, what draws it, its title, and the event run when it loads."""

    path: str
    page: Callable[[], rx.Component]
    title: str
    on_load: object  # an event handler, or None


def index() -> rx.Component:
    return rx.center(rx.text("Loading…"), min_height="50vh")


# The only upload handlers, with the role each needs before a byte of the body is read.
# A credential file may be checked by anyone, so its upload is public with the credential's own small limit.
UPLOADS = {format_event_handler(RequestState.upload): Role.MEMBER,
           format_event_handler(StaffEventState.import_upload): Role.STAFF,
           format_event_handler(StaffImportState.upload): Role.STAFF,
           format_event_handler(VerifyCredentialState.upload): None}
PUBLIC_UPLOAD_LIMITS = {format_event_handler(VerifyCredentialState.upload): open_badges.MAX_BYTES + 1024}

# The service worker (assets/sw.js, served at the root so it may answer for every page), registered once the
# page has loaded (it never competes with the first visit's own downloads); the files this first page fetched
# before the worker controlled it are handed to it to keep.
REGISTER_SERVICE_WORKER = """
if ("serviceWorker" in navigator) {
  window.addEventListener("load", () => {
    navigator.serviceWorker.register("/sw.js").then(() => navigator.serviceWorker.ready).then((registration) => {
      const urls = performance.getEntriesByType("resource").map((entry) => new URL(entry.name).pathname);
      registration.active && registration.active.postMessage({type: "keep", urls});
    }).catch(() => {});
  });
}
"""

app = rx.App(
    stylesheets=["/app.css", "/print.css"],
    # Innermost first: the routes, then the upload guard, the origin guard, the headers on every answer, and
    # outermost the scheme and host a trusted proxy reports, so every layer builds addresses the browser used.
    api_transformer=[api, lambda inner: upload_guard(inner, handlers=UPLOADS, public_limits=PUBLIC_UPLOAD_LIMITS),
                     origin_guard, security_headers, proxied_address],
    head_components=[early_socket(),
                     rx.el.meta(name="viewport", content="width=device-width, initial-scale=1"),
                     rx.el.meta(name="theme-color", content="#3e63dd"),
                     rx.el.link(rel="manifest", href="/manifest.webmanifest"),
                     rx.el.link(rel="apple-touch-icon", href="/icons/apple-touch-icon.png"),
                     rx.el.script(REGISTER_SERVICE_WORKER)],
)
# Reflex's overlay shows "Cannot connect to server: websocket error." as a toast; ours says once, plainly, that
# the phone is offline, and that what is typed is kept (components/offline.py).
app.app_wraps[(5, "Overlay")] = lambda stateful: offline_banner() if stateful else None
# Every page: its path (from the route table), its component, its title, and what runs when it loads.
PAGES: tuple[Page, ...] = (
    Page(routes.ROOT, index, "CE Tracker", AuthState.require_login_home),
    Page(routes.LOGIN, login_page, "Log in · CE Tracker", LoginState.load),
    Page(routes.FORGOT, forgot_page, "Forgot Password? · CE Tracker", ForgotState.load),
    Page(routes.RESET, reset_page, "Choose a new password · CE Tracker", ResetState.load),
    Page(routes.HOME, home_page, "Home · CE Tracker", HomeState.load),
    Page(routes.PASSWORD, password_page, "Change password · CE Tracker", PasswordState.load),
    Page(routes.HELP, help_page, "Help · CE Tracker", HelpState.load),
    Page(routes.MORE, more_page, "More · CE Tracker", AuthState.require_login),
    Page(routes.CME, cme_list_page, "CME Tracker", CmeListState.load),
    Page(routes.CME_EVENT, cme_event_page, "Enter credits · CME Tracker", CmeEventState.load),
    Page(routes.CERTIFICATE, certificate_page, "Certificate · CME Tracker", CertificateState.load),
    Page(routes.VERIFY, verify_page, "Verify a certificate · CE Tracker", VerifyState.load),
    Page(routes.REQUESTS, requests_page, "Approval requests · CE Tracker", RequestsState.load),
    Page(routes.NEW_REQUEST, new_request_page,
         f"Ask for approval of an activity ({names.ELIGIBILITY_FORM}) · CE Tracker", NewRequestState.load),
    Page(routes.REQUEST, request_page, "Approval request · CE Tracker", RequestState.load),
    Page(routes.REVIEW, review_queue_page, "Review queue · CE Tracker", ReviewQueueState.load),
    Page(routes.REVIEW_REQUEST, review_request_page, "CE committee: review · CE Tracker", ReviewRequestState.load),
    Page(routes.COURSES, courses_page, "Upcoming Courses · CE Tracker", CoursesState.load),
    Page(routes.RECORD, record_page, "Credit record · CE Tracker", RecordState.load),
    Page(routes.RENEWAL, renewal_page, f"{names.RENEWAL_AREA} · CE Tracker", RenewalState.load),
    Page(routes.REMINDERS, reminders_page, "Reminders · CE Tracker", RemindersState.load),
    Page(routes.CALENDAR, calendar_page, "Calendar · CE Tracker", CalendarState.load),
    Page(routes.CREDENTIALS, credentials_page, "Verifiable credentials · CE Tracker", CredentialsState.load),
    Page(routes.VERIFY_CREDENTIAL, verify_credential_page, "Verify a credential · CE Tracker", None),
    Page(routes.PLANNER, planner_page, "Plan ahead · CE Tracker", PlannerState.load),
    Page(routes.STAFF_PAYMENTS, staff_payments_page, "Import received fees · CE Tracker", StaffPaymentsState.load),
    Page(routes.STAFF_EXAMS, staff_exams_page, "Record a passed exam · CE Tracker", StaffExamsState.load),
    Page(routes.STAFF_MEMBERS, staff_members_page, "Members · CE Tracker", StaffMembersState.load),
    Page(routes.STAFF_EVENTS, staff_events_page, "Events · CE Tracker", StaffEventsState.load),
    Page(routes.STAFF_EVENT, staff_event_page, "Event · CE Tracker", StaffEventState.load),
    Page(routes.STAFF_CERTIFICATES, staff_certificates_page, "Certificates · CE Tracker",
         StaffCertificatesState.load),
    Page(routes.STAFF_COURSES, staff_courses_page, "Course catalog · CE Tracker", StaffCoursesState.load),
    Page(routes.STAFF_RENEWALS, staff_renewals_page, "Renewals to verify · CE Tracker", StaffRenewalsState.load),
    Page(routes.STAFF_RENEWAL, staff_renewal_page, "Renewal · CE Tracker", StaffRenewalState.load),
    Page(routes.STAFF_IMPORT, staff_import_page, "Import past records · CE Tracker", StaffImportState.load),
    Page(routes.STAFF_PROGRAMS, staff_programs_page, "Programs · CE Tracker", StaffProgramsState.load),
    Page(routes.BOARD, board_page, "Certificants · CE Tracker", BoardState.load),
    Page(routes.BOARD_SAMPLE, board_sample_page, "Audit sample · CE Tracker", BoardSampleState.load),
    Page(routes.NOT_FOUND, not_found_page, "Page not found · CE Tracker", AuthState.refresh),
)
for listed in PAGES:
    app.add_page(listed.page, route=listed.path, title=listed.title, on_load=listed.on_load)

app.register_lifespan_task(lapse_sweeper)
app.register_lifespan_task(mail_retrier)
app.register_lifespan_task(board_keeper)
