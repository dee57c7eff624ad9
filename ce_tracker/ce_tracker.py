"""The Reflex app: page registration only (each page lives in ce_tracker/pages/)."""

from __future__ import annotations

import reflex as rx
from reflex.utils.format import format_event_handler

from ce_tracker import names
from ce_tracker.models import Role
from ce_tracker.pages import beyond
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
from ce_tracker.pages.credentials.verify import VerifyState, verify_page
from ce_tracker.pages.credentials.verify_credential import VerifyCredentialState
from ce_tracker.pages.events.certificate import CertificateState, certificate_page
from ce_tracker.pages.events.cme_event import CmeEventState, cme_event_page
from ce_tracker.pages.events.cme_list import CmeListState, cme_list_page
from ce_tracker.pages.events.staff_certificates import StaffCertificatesState, staff_certificates_page
from ce_tracker.pages.events.staff_event import StaffEventState, staff_event_page
from ce_tracker.pages.events.staff_events import StaffEventsState, staff_events_page
from ce_tracker.pages.help import help_page
from ce_tracker.pages.more import more_page
from ce_tracker.pages.not_found import not_found_page
from ce_tracker.pages.record.home import HomeState, home_page
from ce_tracker.pages.record.record import RecordState, record_page
from ce_tracker.pages.record.staff_import import StaffImportState
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
from ce_tracker.web import urls
from ce_tracker.web.guards import origin_guard, proxied_address, upload_guard
from ce_tracker.web.routes import api, security_headers


def index() -> rx.Component:
    return rx.center(rx.text("Loading…"), min_height="50vh")


# The only upload handlers, with the role each needs before a byte of the body is read (issue 12).
# A credential file may be checked by anyone, so its upload is public with the credential's own small limit.
UPLOADS = {format_event_handler(RequestState.upload): Role.MEMBER,
           format_event_handler(StaffEventState.import_upload): Role.STAFF,
           format_event_handler(StaffImportState.upload): Role.STAFF,
           format_event_handler(VerifyCredentialState.upload): None}
PUBLIC_UPLOAD_LIMITS = {format_event_handler(VerifyCredentialState.upload): open_badges.MAX_BYTES + 1024}

app = rx.App(
    stylesheets=["/app.css", "/print.css"],
    # Innermost first: the routes, then the upload guard, the origin guard, the headers on every answer, and
    # outermost the scheme and host a trusted proxy reports, so every layer builds addresses the browser used.
    api_transformer=[api, lambda inner: upload_guard(inner, handlers=UPLOADS, public_limits=PUBLIC_UPLOAD_LIMITS),
                     origin_guard, security_headers, proxied_address],
    head_components=[rx.el.meta(name="viewport", content="width=device-width, initial-scale=1")],
)
app.add_page(index, route="/", title="CE Tracker", on_load=AuthState.require_login_home)
app.add_page(login_page, route=urls.LOGIN, title="Log in · CE Tracker", on_load=LoginState.load)
app.add_page(forgot_page, route=urls.FORGOT, title="Forgot Password? · CE Tracker", on_load=ForgotState.load)
app.add_page(reset_page, route=urls.RESET, title="Choose a new password · CE Tracker", on_load=ResetState.load)
app.add_page(home_page, route=urls.HOME, title="Home · CE Tracker", on_load=HomeState.load)
app.add_page(password_page, route=urls.PASSWORD, title="Change password · CE Tracker", on_load=PasswordState.load)
app.add_page(help_page, route=urls.HELP, title="Help · CE Tracker", on_load=AuthState.refresh)
app.add_page(more_page, route=urls.MORE, title="More · CE Tracker", on_load=AuthState.require_login)
app.add_page(cme_list_page, route=urls.CME, title="CME Tracker", on_load=CmeListState.load)
app.add_page(cme_event_page, route=f"{urls.CME}/[event_id]", title="Enter credits · CME Tracker",
             on_load=CmeEventState.load)
app.add_page(certificate_page, route="/certificates/[number]", title="Certificate · CME Tracker",
             on_load=CertificateState.load)
app.add_page(verify_page, route=urls.VERIFY, title="Verify a certificate · CE Tracker", on_load=VerifyState.load)
app.add_page(requests_page, route=urls.REQUESTS, title="Approval requests · CE Tracker", on_load=RequestsState.load)
app.add_page(new_request_page, route=urls.NEW_REQUEST, title=f"Ask for approval of an activity ({names.ELIGIBILITY_FORM}) · CE Tracker",
             on_load=NewRequestState.load)
app.add_page(request_page, route=f"{urls.REQUESTS}/[request_id]", title="Approval request · CE Tracker",
             on_load=RequestState.load)
app.add_page(review_queue_page, route=urls.REVIEW, title="Review queue · CE Tracker",
             on_load=ReviewQueueState.load)
app.add_page(review_request_page, route=f"{urls.REVIEW}/[request_id]", title="CE committee: review · CE Tracker",
             on_load=ReviewRequestState.load)

app.add_page(courses_page, route=urls.COURSES, title="Upcoming Courses · CE Tracker", on_load=CoursesState.load)
app.add_page(record_page, route=urls.RECORD, title="Credit record · CE Tracker", on_load=RecordState.load)
app.add_page(renewal_page, route=urls.RENEWAL, title=f"{names.RENEWAL_AREA} · CE Tracker", on_load=RenewalState.load)
app.add_page(reminders_page, route=urls.REMINDERS, title="Reminders · CE Tracker", on_load=RemindersState.load)
app.add_page(staff_payments_page, route=urls.STAFF_PAYMENTS, title="Import received fees · CE Tracker",
             on_load=StaffPaymentsState.load)
app.add_page(staff_exams_page, route=urls.STAFF_EXAMS, title="Record a passed exam · CE Tracker",
             on_load=StaffExamsState.load)

app.add_page(staff_members_page, route=urls.STAFF_MEMBERS, title="Members · CE Tracker",
             on_load=StaffMembersState.load)
app.add_page(staff_events_page, route=urls.STAFF_EVENTS, title="Events · CE Tracker",
             on_load=StaffEventsState.load)
app.add_page(staff_event_page, route=f"{urls.STAFF_EVENTS}/[event_id]", title="Event · CE Tracker",
             on_load=StaffEventState.load)
app.add_page(staff_certificates_page, route=urls.STAFF_CERTIFICATES, title="Certificates · CE Tracker",
             on_load=StaffCertificatesState.load)
app.add_page(staff_courses_page, route=urls.STAFF_COURSES, title="Course catalog · CE Tracker",
             on_load=StaffCoursesState.load)
app.add_page(staff_renewals_page, route=urls.STAFF_RENEWALS, title="Renewals to verify · CE Tracker",
             on_load=StaffRenewalsState.load)
app.add_page(staff_renewal_page, route=f"{urls.STAFF_RENEWALS}/[application_id]",
             title="Renewal · CE Tracker", on_load=StaffRenewalState.load)
app.add_page(board_page, route=urls.BOARD, title="Certificants · CE Tracker", on_load=BoardState.load)
app.add_page(board_sample_page, route=urls.BOARD_SAMPLE, title="Audit sample · CE Tracker",
             on_load=BoardSampleState.load)

beyond.register(app, api)  # issue 13: calendar feed, verifiable open_badges, import of past records
app.add_page(not_found_page, route="404", title="Page not found · CE Tracker", on_load=AuthState.refresh)

app.register_lifespan_task(lapse_sweeper)
app.register_lifespan_task(mail_retrier)
app.register_lifespan_task(board_keeper)
