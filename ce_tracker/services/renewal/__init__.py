"""Renewal and the whole certification term, one module per idea (issue 14).

window        the term's phase: renewal window, grace while something is pending, lapse (and the sweep)
applications  the member applies; headquarters verify or return
payments      the fee: recorded singly or imported from a CSV, matched by reference
evidence      every credit line behind a standing, and striking a wrong one
reinstatement a passed exam starts a new term
reminders     emails at their boundaries, once each, and the member's choices
documents     invoice and receipt PDFs

Callers import from here; the names below are the package's public face (with the two status enums pages
word, so no page imports the models).
"""

from ce_tracker.models import RenewalStatus, TermStatus
from ce_tracker.services.renewal.applications import (
    ApplicationView,
    RenewalOverview,
    application_detail,
    apply_for_renewal,
    member_term,
    renewal_overview,
    return_renewal,
    verification_queue,
    verify_renewal,
)
from ce_tracker.services.renewal.common import EXAM_AGAIN, NO_APPLICATION, exam_again, fee_text
from ce_tracker.services.renewal.evidence import CLAIM, SUBMISSION, EvidenceLine, evidence, strike_credit
from ce_tracker.services.renewal.payments import import_payments, record_payment, require_fee_recorder
from ce_tracker.services.renewal.reinstatement import (
    record_exam_pass,
    record_exam_pass_by_number,
    require_exam_recorder,
)
from ce_tracker.services.renewal.reminders import (
    KIND_WORDS,
    reminder_settings,
    send_reminders,
    set_reminder,
    unsubscribe,
)
from ce_tracker.services.renewal.window import (
    TermState,
    effective_status,
    lapse_ended_terms,
    pending_words,
    status_words,
    term_state,
)

__all__ = [
    "RenewalStatus", "TermStatus",
    "ApplicationView", "CLAIM", "EXAM_AGAIN", "EvidenceLine", "KIND_WORDS", "NO_APPLICATION", "RenewalOverview",
    "SUBMISSION", "TermState", "application_detail", "apply_for_renewal", "effective_status", "evidence",
    "exam_again", "fee_text", "import_payments", "lapse_ended_terms", "member_term", "pending_words",
    "record_exam_pass", "record_exam_pass_by_number", "require_exam_recorder", "record_payment",
    "require_fee_recorder", "reminder_settings", "renewal_overview", "return_renewal",
    "send_reminders", "set_reminder", "status_words", "strike_credit", "term_state", "unsubscribe",
    "verification_queue", "verify_renewal",
]
