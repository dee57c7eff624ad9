"""Recording credit for a completed course: a catalog course or one the committee approved.

The seed's two 30-day rules meet here (R000-07, R000-08): credit is recorded
within 30 days of completing the activity or it is forfeited; for an activity
the member had approved on request, the 30 days run from the later of its end
and the approval (``rules.approved_recording_deadline``).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from ce_tracker.models import (
    Activity,
    ActivityKind,
    ApprovalRequest,
    Category,
    CertificationTerm,
    CreditClaim,
    RequestStatus,
    Role,
    TermStatus,
)
from ce_tracker.rules import Program, approved_recording_deadline, local_date, recording_deadline
from ce_tracker.services import audit
from ce_tracker.services.accounts.actors import Actor
from ce_tracker.services.errors import Conflict, Invalid, NotFound
from ce_tracker.services.inputs import hours as typed_hours
from ce_tracker.services.inputs import is_id
from ce_tracker.services.programs.store import load_program

NO_COURSE = "No such course in the catalog."
FORFEITED = ("Credit must be recorded within 30 days of completing the activity; the last day for this one was "
             "{deadline:%B %-d, %Y}, so the credit is forfeited.")


def own_approval(session: Session, member_id: int, activity_id: int) -> ApprovalRequest | None:
    """The member's approved request that created this activity, if there is one."""
    return session.exec(select(ApprovalRequest).where(ApprovalRequest.activity_id == activity_id,
                                                      ApprovalRequest.member_id == member_id,
                                                      ApprovalRequest.status == RequestStatus.APPROVED)).first()


def claim_window(program: Program, activity: Activity, approval: ApprovalRequest | None) -> tuple[date, date]:
    """First and last day the member may record credit for ``activity``.

    It opens the day after the activity ends (it must be completed, as an
    event's credits open after its conclusion) and closes 30 days after the end,
    or after the approval when that came later.
    """
    opens = activity.ends_on + timedelta(days=1)
    if approval is not None and approval.decided_at is not None:
        return opens, approved_recording_deadline(program, activity.ends_on,
                                                  local_date(program, approval.decided_at))
    return opens, recording_deadline(program, activity.ends_on)


def _course(session: Session, actor: Actor, activity_id: object) -> tuple[Activity, ApprovalRequest | None]:
    """A claimable course: pre-approved for everyone, or approved on this member's own request."""
    if not is_id(activity_id):
        raise NotFound(NO_COURSE)
    activity = session.get(Activity, activity_id)
    if activity is None or activity.kind != ActivityKind.COURSE or activity.category_id is None:
        raise NotFound(NO_COURSE)
    approval = own_approval(session, actor.member_id, activity.id)
    if not activity.pre_approved and approval is None:
        raise NotFound(NO_COURSE)
    return activity, approval


def lapsed_terms(session: Session, member_ids: Iterable[int]) -> dict[int, list[tuple[date, date]]]:
    """Each member's lapsed terms (first and last day), read at once for a whole import file (R000-11, R000-15).

    Credit cannot be recorded in a lapsed term: not by the member, and not by staff importing it for them."""
    found: dict[int, list[tuple[date, date]]] = {}
    ids = sorted(set(member_ids))
    for start in range(0, len(ids), 500):  # ids per IN (...), under every database's bound-parameter limit
        for member_id, starts_on, ends_on in session.exec(select(
                CertificationTerm.member_id, CertificationTerm.starts_on, CertificationTerm.ends_on).where(
                CertificationTerm.member_id.in_(ids[start:start + 500]),
                CertificationTerm.status == TermStatus.LAPSED)):
            found.setdefault(member_id, []).append((starts_on, ends_on))
    return found


def lapsed_on(session: Session, day: date) -> set[int]:
    """The members whose lapsed term holds ``day``: one statement however many members a file names (a
    registration file names up to 100,000; asking by member took 0.6 s for 50,000 of them)."""
    return set(session.exec(select(CertificationTerm.member_id).where(
        CertificationTerm.status == TermStatus.LAPSED, CertificationTerm.starts_on <= day,
        CertificationTerm.ends_on >= day)).all())


def in_lapsed_term(spans: list[tuple[date, date]], day: date) -> bool:
    """Whether ``day`` falls in one of the lapsed terms ``spans`` (one member's, from ``lapsed_terms``)."""
    return any(starts_on <= day <= ends_on for starts_on, ends_on in spans)


LAPSED = "credit cannot be recorded in it"


def claim_course(*, session: Session, actor: Actor, activity_id: object, category_id: object, hours: object,
                 now: datetime) -> CreditClaim:
    """Record the acting member's hours for a completed course, in the course's category.

    The unique (member, activity) row makes a second claim impossible, even from
    two tabs at once.
    """
    actor.require(Role.MEMBER)
    activity, approval = _course(session, actor, activity_id)
    category = session.get(Category, activity.category_id)
    if not is_id(category_id) or session.get(Category, category_id) is None:
        raise Invalid("Choose the category to record the credit in.")
    if category_id != category.id:
        raise Invalid(f"This activity gives {category.name} credit; choose {category.name}.")
    program = load_program(session, category.program_id)
    opens, closes = claim_window(program, activity, approval)
    today = local_date(program, now)
    if today < opens:
        raise Invalid(f"Credit can be recorded once the activity is completed, from {opens:%B %-d, %Y}.",
                      kind="too_early")
    if today > closes:
        raise Invalid(FORFEITED.format(deadline=closes), kind="forfeited")  # R000-08
    if in_lapsed_term(lapsed_terms(session, [actor.member_id]).get(actor.member_id, []), activity.ends_on):
        raise Invalid(f"This activity falls in a certification term that has lapsed; {LAPSED}.", kind="lapsed")
    earned = typed_hours(hours, field="hours", label="hours you earned", maximum=activity.hours)
    claim = CreditClaim(member_id=actor.member_id, activity_id=activity.id, category_id=category.id,
                        hours=earned, completed_on=activity.ends_on,
                        approval_request_id=approval.id if approval else None, claimed_at=now)
    session.add(claim)
    try:
        session.flush()
    except IntegrityError as error:
        raise Conflict("You already recorded credit for this activity.") from error
    audit.record(session, actor_id=actor.member_id, action="course_claimed", entity="activity",
                 entity_id=activity.id, hours=claim.hours, category=category.name)
    return claim
