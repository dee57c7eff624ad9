"""Approval requests (R000-02 to R000-06, R000-19), one idea per module.

- ``requests``: the member's workflow (ask, follow, answer);
- ``attachments``: the files a member attaches (typed by their bytes, limited);
- ``review``: the committee's queue and decisions;
- ``shared``: the views the pages show and the look-ups both sides use.

The names below are re-exported so callers written against the old single module
keep working while imports move to the modules themselves.
"""

from ce_tracker.services.approvals.attachments import (
    FILE_TYPES,
    MAX_ATTACHMENTS,
    add_attachment,
    attachment_for,
    detect_type,
    safe_filename,
)
from ce_tracker.services.approvals.requests import (
    ASK_BEFORE,
    MAX_AHEAD_DAYS,
    MAX_DAYS,
    MAX_HOURS,
    TOO_LATE,
    FormChoices,
    answer_question,
    my_requests,
    parse_request_hours,
    request_detail,
    request_form,
    submit_request,
)
from ce_tracker.services.approvals.review import OWN_REQUEST, approve, decline, return_with_question, review_queue
from ce_tracker.services.approvals.shared import (
    FORMATS,
    NO_REQUEST,
    AttachmentLine,
    MessageLine,
    RequestLine,
    RequestView,
    Submitted,
)

__all__ = [
    "ASK_BEFORE", "FILE_TYPES", "FORMATS", "MAX_AHEAD_DAYS", "MAX_ATTACHMENTS", "MAX_DAYS",
    "MAX_HOURS", "NO_REQUEST", "OWN_REQUEST", "TOO_LATE", "AttachmentLine", "FormChoices", "MessageLine",
    "RequestLine", "RequestView", "Submitted", "add_attachment", "answer_question", "approve", "attachment_for",
    "decline", "detect_type", "my_requests", "parse_request_hours", "request_detail", "request_form",
    "return_with_question", "review_queue", "safe_filename", "submit_request",
]
