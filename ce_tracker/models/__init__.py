"""All tables, imported together so ``SQLModel.metadata`` knows every one."""

from ce_tracker.models.accounts import (
    LoginAttempt,
    LoginHandoff,
    LoginSession,
    Member,
    OidcLink,
    OidcRequest,
    PasswordReset,
    Role,
    RoleGrant,
)
from ce_tracker.models.activities import Activity, ActivityKind, EventDay, Registration
from ce_tracker.models.approvals import (
    ApprovalAttachment,
    ApprovalMessage,
    ApprovalRequest,
    MessageKind,
    RequestStatus,
    ReviewCriterion,
)
from ce_tracker.models.audit import AuditEntry, AuditSample
from ce_tracker.models.calendar import CalendarFeed
from ce_tracker.models.credentials import STATUS_LIST_BITS, StatusEntry, StatusList
from ce_tracker.models.credits import Certificate, ClaimStatus, CreditClaim, DayCredit, DaySave, EventSubmission
from ce_tracker.models.outbox import OutboxEmail
from ce_tracker.models.plans import PlannedActivity, ProgramVersion
from ce_tracker.models.programs import CapGroupRow, Category, CertificationTerm, ProgramRow, TermStatus
from ce_tracker.models.reminders import Reminder, ReminderKind, ReminderOptOut
from ce_tracker.models.renewal import RenewalApplication, RenewalStatus

__all__ = [
    "Activity", "ActivityKind", "ApprovalAttachment", "ApprovalMessage", "ApprovalRequest", "AuditEntry", "AuditSample",
    "CalendarFeed",
    "CapGroupRow", "Category",
    "Certificate", "CertificationTerm", "ClaimStatus", "CreditClaim", "DayCredit", "DaySave", "EventDay",
    "EventSubmission", "LoginAttempt", "LoginHandoff", "LoginSession", "Member", "MessageKind", "OidcLink",
    "OidcRequest", "OutboxEmail",
    "PasswordReset", "PlannedActivity", "ProgramRow", "ProgramVersion",
    "Registration", "RenewalApplication", "RenewalStatus",
    "RequestStatus", "ReviewCriterion", "Role", "RoleGrant", "TermStatus", "Reminder", "ReminderKind",
    "ReminderOptOut", "STATUS_LIST_BITS", "StatusEntry", "StatusList",
]
