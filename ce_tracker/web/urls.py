"""Every page path in one place, with builders for the ones that take values."""

from __future__ import annotations

from urllib.parse import quote, urlencode

from ce_tracker.config import settings

LOGIN = "/login"
FORGOT = "/forgot-password"
RESET = "/reset-password"
HOME = "/home"
PASSWORD = "/account/password"
HELP = "/help"
CME = "/cme"
VERIFY = "/verify"
STAFF_MEMBERS = "/staff/members"
STAFF_EVENTS = "/staff/events"
STAFF_CERTIFICATES = "/staff/certificates"
STAFF_RENEWALS = "/staff/renewals"
STAFF_COURSES = "/staff/courses"
COURSES = "/courses"  # "Upcoming Courses" / "Education Opportunities": the pre-approved catalog
RECORD = "/record"  # the member's credit record with its exports
REQUESTS = "/requests"  # the member's approval requests
NEW_REQUEST = "/requests/new"
REVIEW = "/review"  # the CE committee's queue
RENEWAL = "/renewal"  # the member's renewal application
BOARD = "/board"  # the Board of Certification: certificants by term end
BOARD_SAMPLE = "/board/sample"  # the Board's random audit of verified renewals
REMINDERS = "/account/reminders"  # which reminders the person receives
STAFF_PAYMENTS = "/staff/payments"  # import a CSV of received renewal fees
STAFF_EXAMS = "/staff/exams"  # record a passed certification exam: a new term
MORE = "/more"  # everything beyond the tab bar, by role
PLANNER = "/planner"
CALENDAR = "/account/calendar"
CREDENTIALS = "/account/credentials"
STAFF_IMPORT = "/staff/import"
STAFF_PROGRAMS = "/staff/programs"
SSO_START = "/auth/sso/start"  # the backend sends the browser to the society's provider (web/sso.py)


def cme_event(activity_id: int) -> str:
    return f"{CME}/{activity_id}"


def certificate(number: str) -> str:
    return f"/certificates/{quote(number)}"


def staff_event(activity_id: int) -> str:
    return f"{STAFF_EVENTS}/{activity_id}"


def approval_request(request_id: int) -> str:
    return f"{REQUESTS}/{request_id}"


def review_request(request_id: int) -> str:
    return f"{REVIEW}/{request_id}"


def staff_renewal(application_id: int) -> str:
    return f"{STAFF_RENEWALS}/{application_id}"


def fee_document(kind: str) -> str:
    """The signed-in member's renewal ``invoice`` or ``receipt`` PDF, served by the backend."""
    return f"{settings.api_url}/files/renewal/{kind}.pdf"


def attachment(attachment_id: int) -> str:
    """Served by the backend, only to the request's member and to reviewers."""
    return f"{settings.api_url}/files/attachments/{attachment_id}"


def record_export(extension: str) -> str:
    """The member's credit record as ``csv`` or ``pdf``, served by the backend."""
    return f"{settings.api_url}/files/record.{extension}"


def board_csv(quarter: str = "", status: str = "", query: str = "") -> str:
    """The Board's certificant list as CSV, with the page's filters; served by the backend."""
    wanted = {k: v for k, v in (("quarter", quarter), ("status", status), ("q", query)) if v}
    return f"{settings.api_url}/files/board/certificants.csv" + (f"?{urlencode(wanted)}" if wanted else "")


def evidence_pack(sample_id: int, application_id: int) -> str:
    """A sampled renewal's evidence zip, served by the backend to the Board only."""
    return f"{settings.api_url}/files/board/samples/{sample_id}/evidence/{application_id}.zip"


def certificate_pdf(number: str) -> str:
    """Served by the backend (it needs the HttpOnly cookie and returns bytes)."""
    return f"{settings.api_url}/files/certificates/{quote(number)}.pdf"


def verify_link(number: str, code: str) -> str:
    """The public address printed as a QR code on each certificate."""
    return f"{settings.public_url}{VERIFY}?{urlencode({'n': number, 'c': code})}"


def session_exchange() -> str:
    """POST ``code`` and ``next`` here (a form body, never a query string)."""
    return f"{settings.api_url}/auth/session"


def cookie_clear() -> str:
    return f"{settings.api_url}/auth/logout"


def safe_next(path: str | None) -> str:
    """Only a local path may follow a login: never another site (open redirect)."""
    if not path or not path.startswith("/") or path.startswith("//") or "\\" in path or len(path) > 300:
        return HOME
    return path
