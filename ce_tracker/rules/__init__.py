"""CE Tracker rules engine: pure functions over plain values.

No I/O, no database and no clock: callers pass in dates and instants so the
rules can be tested at every boundary.
"""

from .deadlines import (
    approval_request_deadline,
    approved_recording_deadline,
    local_date,
    may_record,
    may_request_approval,
    recording_deadline,
    review_due,
    term_end,
)
from .hours import HoursError, check_claim_hours, check_day_credit, parse_hours
from .program import CMI, CapGroup, CategoryRule, Program
from .standing import CategoryStanding, Standing, evaluate

__all__ = [
    "CMI",
    "CapGroup",
    "CategoryRule",
    "CategoryStanding",
    "HoursError",
    "Program",
    "Standing",
    "approval_request_deadline",
    "approved_recording_deadline",
    "check_claim_hours",
    "check_day_credit",
    "evaluate",
    "local_date",
    "may_record",
    "may_request_approval",
    "parse_hours",
    "recording_deadline",
    "review_due",
    "term_end",
]
