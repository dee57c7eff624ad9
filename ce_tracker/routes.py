"""Every address of the app in one table: its pages, its backend's HTTP routes, and builders for the ones that
take values.

``ce_tracker/ce_tracker.py`` registers each page from ``PAGES`` at the path named here and ``web/routes.py``
each backend route at its pattern here; pages link with these names, and services put them in the emails they
write (a service prefixes ``settings.public_url`` or ``settings.api_url`` itself). No other module spells an
address (tests/test_route_table.py checks it). A pattern's ``[name]`` is a Reflex page's dynamic part, its
``{name}`` or ``{name:type}`` a Starlette route's; ``fill`` puts values in either.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlencode

from ce_tracker.config import settings

# --- pages (the front end) -----------------------------------------------------------------------------------
ROOT = "/"
NOT_FOUND = "404"  # Reflex's name for the page shown at any unknown address
LOGIN = "/login"
FORGOT = "/forgot-password"
RESET = "/reset-password"
HOME = "/home"
PASSWORD = "/account/password"
REMINDERS = "/account/reminders"  # which reminders the person receives
CALENDAR = "/account/calendar"  # the member's calendar feed of deadlines
CREDENTIALS = "/account/credentials"  # the member's verifiable credentials
HELP = "/help"
MORE = "/more"  # everything beyond the tab bar, by role
CME = "/cme"
CME_EVENT = f"{CME}/[event_id]"
CERTIFICATE = "/certificates/[number]"
VERIFY = "/verify"
VERIFY_CREDENTIAL = "/verify/credential"
COURSES = "/courses"  # "Upcoming Courses" / "Education Opportunities": the pre-approved catalog
RECORD = "/record"  # the member's credit record with its exports
PLANNER = "/planner"  # the what-if planner
REQUESTS = "/requests"  # the member's approval requests
NEW_REQUEST = f"{REQUESTS}/new"
REQUEST = f"{REQUESTS}/[request_id]"
REVIEW = "/review"  # the CE committee's queue
REVIEW_REQUEST = f"{REVIEW}/[request_id]"
RENEWAL = "/renewal"  # the member's renewal application
BOARD = "/board"  # the Board of Certification: certificants by term end
BOARD_SAMPLE = f"{BOARD}/sample"  # the Board's random audit of verified renewals
STAFF_MEMBERS = "/staff/members"
STAFF_EVENTS = "/staff/events"
STAFF_EVENT = f"{STAFF_EVENTS}/[event_id]"
STAFF_CERTIFICATES = "/staff/certificates"
STAFF_COURSES = "/staff/courses"
STAFF_RENEWALS = "/staff/renewals"
STAFF_RENEWAL = f"{STAFF_RENEWALS}/[application_id]"
STAFF_PAYMENTS = "/staff/payments"  # import a CSV of received renewal fees
STAFF_EXAMS = "/staff/exams"  # record a passed certification exam: a new term
STAFF_IMPORT = "/staff/import"  # import past records
STAFF_PROGRAMS = "/staff/programs"  # create and edit certification programs

# --- the backend's HTTP routes (served at settings.api_url) --------------------------------------------------
SESSION_EXCHANGE = "/auth/session"  # POST a login's one-use code: the HttpOnly cookie is set here
LOGOUT = "/auth/logout"
SSO = "/auth/sso"  # the society's sign-in (web/sso.py): its cookie's path, and the three routes below
SSO_START = f"{SSO}/start"  # the backend sends the browser to the society's provider
SSO_CALLBACK = f"{SSO}/callback"  # the provider sends it back here with a code
SSO_SIGNED_OUT = f"{SSO}/signed-out"  # and here after signing out at the provider
HEALTH = "/healthz"
CERTIFICATE_PDF = "/files/certificates/{number}.pdf"
ATTACHMENT = "/files/attachments/{attachment_id:int}"
RECORD_EXPORT = "/files/record.{extension}"
CERTIFICANTS_CSV = "/files/board/certificants.csv"
EVIDENCE_PACK = "/files/board/samples/{sample_id:int}/evidence/{application_id:int}.zip"
FEE_DOCUMENT = "/files/renewal/{kind}.pdf"
UNSUBSCRIBE = "/reminders/unsubscribe/{token}"
CALENDAR_FEED = "/calendar/{token:str}.ics"
CREDENTIAL_FILES = "/credentials"  # every verifiable credential's address starts here
CERTIFICATE_CREDENTIAL = f"{CREDENTIAL_FILES}/certificate/{{number:str}}/{{code:str}}.json"
TERM_CREDENTIAL = f"{CREDENTIAL_FILES}/term/{{term:int}}/{{tag:str}}.json"
STATUS_LIST = f"{CREDENTIAL_FILES}/status/{{list_id:int}}"  # the signed revocation list verifiers read
UPLOAD = "/_upload"  # Reflex's own upload route (reflex_base.constants.Endpoint.UPLOAD), guarded in web/guards.py

# --- identifiers under the public address (named in credentials, never served) -------------------------------
ACTIVITY_ACHIEVEMENT = "/achievements/activity-{activity_id}"
PROGRAM_ACHIEVEMENT = "/achievements/program-{code}"

_PART = re.compile(r"\[(\w+)\]|\{(\w+)(?::\w+)?\}")


def page_patterns_with_parts() -> list[str]:
    """The pages whose path has a ``[name]`` part, e.g. ``/cme/[event_id]`` (the early socket matches them)."""
    return sorted(value for name, value in globals().items()
                  if name.isupper() and isinstance(value, str) and value.startswith("/") and "[" in value)


def fill(pattern: str, **values: object) -> str:
    """``pattern`` with each ``[name]`` or ``{name[:type]}`` replaced by its value, quoted for a path."""
    return _PART.sub(lambda m: quote(str(values[m[1] or m[2]]), safe=""), pattern)


def fixed_prefix(pattern: str) -> str:
    """The part of ``pattern`` before its first value: what every address it matches starts with."""
    return _PART.split(pattern, maxsplit=1)[0]


# --- addresses with values -----------------------------------------------------------------------------------
def cme_event(activity_id: int) -> str:
    return fill(CME_EVENT, event_id=activity_id)


def certificate(number: str) -> str:
    return fill(CERTIFICATE, number=number)


def staff_event(activity_id: int) -> str:
    return fill(STAFF_EVENT, event_id=activity_id)


def approval_request(request_id: int) -> str:
    return fill(REQUEST, request_id=request_id)


def review_request(request_id: int) -> str:
    return fill(REVIEW_REQUEST, request_id=request_id)


def staff_renewal(application_id: int) -> str:
    return fill(STAFF_RENEWAL, application_id=application_id)


def reset_password(token: str) -> str:
    """The page a password-reset email links to, with its single-use token."""
    return f"{RESET}?{urlencode({'token': token})}"


def login_then(path: str | None = None) -> str:
    """The login page, sending the person on to ``path`` afterwards (when given)."""
    return f"{LOGIN}?next={path}" if path else LOGIN


def unsubscribe(token: str) -> str:
    """The reminders' one-click unsubscribe address (a backend route)."""
    return fill(UNSUBSCRIBE, token=token)


def calendar_feed(token: str) -> str:
    """A member's calendar feed (a backend route)."""
    return fill(CALENDAR_FEED, token=token)


def certificate_credential(number: str, code: str) -> str:
    return fill(CERTIFICATE_CREDENTIAL, number=number, code=code)


def term_credential(term_id: int, tag: str) -> str:
    return fill(TERM_CREDENTIAL, term=term_id, tag=tag)


def status_list(list_id: int) -> str:
    return fill(STATUS_LIST, list_id=list_id)


def activity_achievement(activity_id: int) -> str:
    return fill(ACTIVITY_ACHIEVEMENT, activity_id=activity_id)


def program_achievement(code: str) -> str:
    return fill(PROGRAM_ACHIEVEMENT, code=code)


def fee_document(kind: str) -> str:
    """The signed-in member's renewal ``invoice`` or ``receipt`` PDF, served by the backend."""
    return settings.api_url + fill(FEE_DOCUMENT, kind=kind)


def attachment(attachment_id: int) -> str:
    """Served by the backend, only to the request's member and to reviewers."""
    return settings.api_url + fill(ATTACHMENT, attachment_id=attachment_id)


def record_export(extension: str) -> str:
    """The member's credit record as ``csv`` or ``pdf``, served by the backend."""
    return settings.api_url + fill(RECORD_EXPORT, extension=extension)


def board_csv(quarter: str = "", status: str = "", query: str = "") -> str:
    """The Board's certificant list as CSV, with the page's filters; served by the backend."""
    wanted = {k: v for k, v in (("quarter", quarter), ("status", status), ("q", query)) if v}
    return settings.api_url + CERTIFICANTS_CSV + (f"?{urlencode(wanted)}" if wanted else "")


def evidence_pack(sample_id: int, application_id: int) -> str:
    """A sampled renewal's evidence zip, served by the backend to the Board only."""
    return settings.api_url + fill(EVIDENCE_PACK, sample_id=sample_id, application_id=application_id)


def certificate_pdf(number: str) -> str:
    """Served by the backend (it needs the HttpOnly cookie and returns bytes)."""
    return settings.api_url + fill(CERTIFICATE_PDF, number=number)


def verify_link(number: str, code: str) -> str:
    """The public address printed as a QR code on each certificate."""
    return f"{settings.public_url}{VERIFY}?{urlencode({'n': number, 'c': code})}"


def session_exchange() -> str:
    """POST ``code`` and ``next`` here (a form body, never a query string)."""
    return settings.api_url + SESSION_EXCHANGE


def cookie_clear() -> str:
    return settings.api_url + LOGOUT


def safe_next(path: str | None) -> str:
    """Only a local path may follow a login: never another site (open redirect)."""
    if not path or not path.startswith("/") or path.startswith("//") or "\\" in path or len(path) > 300:
        return HOME
    return path
