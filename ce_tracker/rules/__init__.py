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
from .events import EventPhase, event_opens_on, event_phase, event_window_closes_on
from .hours import HoursError, check_claim_hours, check_day_credit, parse_hours
from .program import CMI, CapGroup, CategoryRule, Program
from .progress import Bar, category_bar, hours_needed, pace_hours
from .standing import CategoryStanding, Standing, evaluate
from .status import Status, Verdict, first_day_to_apply, headline, judge, judge_term, needed_words, row_words
from .term import (
    TermPhase,
    TermSpan,
    add_months,
    application_opens_on,
    bar_value,
    grace_last_day,
    owning_term,
    renewal_progress,
    term_phase,
)

__all__ = [
    "Bar",
    "CMI",
    "CapGroup",
    "CategoryRule",
    "CategoryStanding",
    "HoursError",
    "EventPhase",
    "TermPhase",
    "Program",
    "Status",
    "Verdict",
    "Standing",
    "approval_request_deadline",
    "approved_recording_deadline",
    "category_bar",
    "check_claim_hours",
    "check_day_credit",
    "evaluate",
    "event_opens_on",
    "event_phase",
    "event_window_closes_on",
    "hours_needed",
    "local_date",
    "may_record",
    "may_request_approval",
    "pace_hours",
    "parse_hours",
    "first_day_to_apply", "headline", "judge", "judge_term", "needed_words", "row_words",
    "recording_deadline",
    "review_due",
    "term_end",
    "TermSpan", "add_months", "application_opens_on", "bar_value", "grace_last_day",
    "owning_term", "renewal_progress", "term_phase",
]
