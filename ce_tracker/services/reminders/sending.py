"""Reminders: the term's end, closing recording windows, grace, and reviewers' targets.

A term's reminders say its status in the words Home uses (``rules.status``): the same headline, the same hours.
Each reminder is a ``Reminder`` row before it is an email, inserted in a savepoint: the unique
(member, kind, key) lets exactly one worker send it, across restarts and several workers at once (the others'
inserts fail and they send nothing). Each member can turn each kind off on their settings page or with the
one-click unsubscribe link in the email (RFC 8058: List-Unsubscribe and List-Unsubscribe-Post); the link's token
is random and only its SHA-256 is stored.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from ce_tracker import formatting as fmt
from ce_tracker import routes
from ce_tracker.config import Settings
from ce_tracker.models import (
    Activity,
    ApprovalRequest,
    CertificationTerm,
    CreditClaim,
    EventDay,
    EventSubmission,
    Registration,
    Reminder,
    ReminderKind,
    ReminderOptOut,
    RequestStatus,
    Role,
    RoleGrant,
    TermStatus,
)
from ce_tracker.rules import add_months, local_date, recording_deadline, review_due
from ce_tracker.rules.reminders import review_boundary, term_end_boundary, window_boundary
from ce_tracker.rules.status import Status, Verdict, headline, needed_words
from ce_tracker.services import audit
from ce_tracker.services.accounts.actors import Actor
from ce_tracker.services.courses.claims import claim_window
from ce_tracker.services.errors import Invalid
from ce_tracker.services.programs.store import default_program, load_program
from ce_tracker.services.renewal.common import notify
from ce_tracker.services.renewal.window import pending_words, term_state
from ce_tracker.services.tokens import digest, new_token

KIND_WORDS = {
    ReminderKind.TERM_END: "Your term's end: 12, 6, 3 and 1 months before, with what is still missing",
    ReminderKind.RECORDING: "Recording windows closing in 7 and in 2 days",
    ReminderKind.GRACE: "After your term ends: what is still pending",
    ReminderKind.REVIEW: "A request in the committee's queue nearing its 2-week target",
}
# Who each kind is for: a member never sees the committee's reminder among their choices, nor a reviewer who
# holds no term the member's.
KIND_ROLE = {ReminderKind.TERM_END: Role.MEMBER, ReminderKind.RECORDING: Role.MEMBER, ReminderKind.GRACE: Role.MEMBER,
             ReminderKind.REVIEW: Role.REVIEWER}


def unsubscribe_url(settings: Settings, token: str) -> str:
    return settings.api_url + routes.unsubscribe(token)


def _done_or_off(session: Session, member_id: int, kind: ReminderKind, key: str) -> bool:
    """Already sent, or this kind turned off: checked before any costly standing is computed."""
    return bool(session.exec(select(ReminderOptOut.id).where(ReminderOptOut.member_id == member_id,
                                                             ReminderOptOut.kind == kind.value)).first()
                or session.exec(select(Reminder.id).where(Reminder.member_id == member_id, Reminder.kind == kind.value,
                                                          Reminder.key == key)).first())


def _send(session: Session, settings: Settings, *, member_id: int, kind: ReminderKind, key: str, subject: str,
          body: str, page: str) -> bool:
    """Insert the reminder's row and queue its email, unless turned off or already sent (then False)."""
    if _done_or_off(session, member_id, kind, key):
        return False
    token = new_token()
    try:
        with session.begin_nested():
            session.add(Reminder(member_id=member_id, kind=kind.value, key=key, unsubscribe_hash=digest(token)))
    except IntegrityError:  # another worker sent it a moment ago
        return False
    url = unsubscribe_url(settings, token)
    notify(session, member_id, subject, f"{body}\n\nTo stop these reminders: {url}", settings, page=page,
           list_unsubscribe=url)
    return True


def _months(months: int) -> str:
    return f"{months} month{'s' if months > 1 else ''}"


def term_end_message(verdict: Verdict, months: int) -> tuple[str, str]:
    """The term-end reminder's subject and body: the term's end, then the same headline Home shows (R000-15,
    R000-16), so the email and the page never disagree about the hours, the pace or when applying opens."""
    body = (f"Your certification term ends on {fmt.day(verdict.ends_on)}, in about {_months(months)}. "
            + headline(verdict))
    return f"your term ends in {_months(months)}", body


def grace_message(verdict: Verdict, pending: str) -> tuple[str, str]:
    """The grace reminder's subject and body (R000-15), with what is still needed in Home's words."""
    return ("your term ended: it is in grace",
            f"Your certification term ended on {fmt.day(verdict.ends_on)} and is in grace while something could "
            f"still complete it: {pending}. Still needed: {needed_words(verdict.standing)}. If nothing is pending "
            "and hours are still missing, certification lapses.")


def _term_end(session: Session, settings: Settings, now: datetime) -> int:
    sent = 0
    today = now.date()
    horizon = add_months(today, 12) + timedelta(days=2)
    terms = session.exec(select(CertificationTerm).where(CertificationTerm.status == TermStatus.ACTIVE,
                                                         CertificationTerm.ends_on >= today - timedelta(days=1),
                                                         CertificationTerm.ends_on <= horizon)).all()
    for term in terms:
        months = term_end_boundary(term.ends_on, local_date(load_program(session, term.program_id), now))
        if months is None or _done_or_off(session, term.member_id, ReminderKind.TERM_END, f"term{term.id}:{months}m"):
            continue
        verdict = term_state(session, term, now, settings).verdict
        if verdict.status in (Status.APPLIED, Status.RENEWED):
            continue
        subject, body = term_end_message(verdict, months)
        sent += _send(session, settings, member_id=term.member_id, kind=ReminderKind.TERM_END,
                      key=f"term{term.id}:{months}m", subject=subject, body=body, page=routes.RENEWAL)
    return sent


def _recording(session: Session, settings: Settings, now: datetime) -> int:
    """Registered conferences not yet submitted, and approved requests not yet recorded, closing soon."""
    row = default_program(session)
    if row is None:
        return 0
    program = load_program(session, row.id)
    today = local_date(program, now)
    sent = 0
    # Conferences whose window (end + 30 days) closes within a week.
    first = today - timedelta(days=program.recording_window_days)
    events = session.exec(select(Activity).where(Activity.category_id.is_not(None), Activity.ends_on >= first,
                                                 Activity.ends_on <= first + timedelta(days=7))).all()
    for activity in events:
        days = window_boundary(recording_deadline(program, activity.ends_on), today)
        if days is None:
            continue
        members = set(session.exec(select(Registration.member_id).join(EventDay, EventDay.id ==
                                   Registration.event_day_id).where(EventDay.activity_id == activity.id)))
        done = set(session.exec(select(EventSubmission.member_id).where(EventSubmission.activity_id == activity.id)))
        for member_id in sorted(members - done):
            sent += _window_mail(session, settings, member_id, activity.title,
                                 recording_deadline(program, activity.ends_on), days, f"event{activity.id}")
    approved = session.exec(select(ApprovalRequest, Activity).join(Activity, Activity.id == ApprovalRequest.activity_id)
                            .where(ApprovalRequest.status == RequestStatus.APPROVED,
                                   Activity.ends_on >= today - timedelta(days=90))).all()
    for request, activity in approved:
        last = claim_window(program, activity, request)[1]
        days = window_boundary(last, today)
        if days is None or session.exec(select(CreditClaim.id).where(
                CreditClaim.member_id == request.member_id, CreditClaim.activity_id == activity.id)).first():
            continue
        sent += _window_mail(session, settings, request.member_id, activity.title, last, days, f"course{activity.id}")
    return sent


def _window_mail(session, settings, member_id, title, last, days, key) -> int:
    return _send(session, settings, member_id=member_id, kind=ReminderKind.RECORDING, key=f"{key}:{days}d",
                 subject=f"record \u201c{title}\u201d within {days} days",
                 body=(f"The 30-day window to record credit for \u201c{title}\u201d closes on {fmt.day(last)}. "
                       "After that the credit is forfeited."), page=routes.HOME)


def _grace(session: Session, settings: Settings, now: datetime) -> int:
    sent = 0
    recent = now.date() - timedelta(days=400)  # grace lasts weeks; a year is far beyond any pending request
    ended = session.exec(select(CertificationTerm).where(CertificationTerm.status == TermStatus.ACTIVE,
                                                         CertificationTerm.ends_on < now.date(),
                                                         CertificationTerm.ends_on >= recent)).all()
    for term in ended:
        if _done_or_off(session, term.member_id, ReminderKind.GRACE, f"term{term.id}"):
            continue
        state = term_state(session, term, now, settings)
        if state.verdict.status is not Status.IN_GRACE:
            continue
        subject, body = grace_message(state.verdict, pending_words(state))
        sent += _send(session, settings, member_id=term.member_id, kind=ReminderKind.GRACE, key=f"term{term.id}",
                      subject=subject, body=body, page=routes.RENEWAL)
    return sent


def _review(session: Session, settings: Settings, now: datetime) -> int:
    row = default_program(session)
    if row is None:
        return 0
    program = load_program(session, row.id)
    today = local_date(program, now)
    reviewers = list(session.exec(select(RoleGrant.member_id).where(RoleGrant.role == Role.REVIEWER)))
    sent = 0
    for request in session.exec(select(ApprovalRequest).where(ApprovalRequest.status == RequestStatus.PENDING)):
        queued = local_date(program, request.queued_at)
        due = review_due(program, queued)
        if not review_boundary(due, today):
            continue
        for reviewer in reviewers:
            if reviewer == request.member_id:
                continue
            sent += _send(session, settings, member_id=reviewer, kind=ReminderKind.REVIEW,
                          key=f"request{request.id}:{queued.isoformat()}",
                          subject=f"review \u201c{request.title}\u201d by {fmt.day(due)}",
                          body=(f"The approval request \u201c{request.title}\u201d should be decided by "
                                f"{fmt.day(due)} (the committee's 2-week target)."),
                          page=routes.review_request(request.id))
    return sent


def send_reminders(*, session: Session, now: datetime, settings: Settings) -> int:
    """Every reminder due at ``now`` that was not sent before; returns how many were queued."""
    return (_term_end(session, settings, now) + _recording(session, settings, now) + _grace(session, settings, now)
            + _review(session, settings, now))


# --- The member's choices --------------------------------------------------------------------------------

def reminder_settings(*, session: Session, actor: Actor) -> dict[str, bool]:
    """Each kind of reminder meant for the acting person's roles, and whether they receive it."""
    off = set(session.exec(select(ReminderOptOut.kind).where(ReminderOptOut.member_id == actor.member_id)))
    return {kind.value: kind.value not in off for kind in ReminderKind if actor.has(KIND_ROLE[kind])}


def set_reminder(*, session: Session, actor: Actor, kind: object, on: object, now: datetime) -> None:
    """Turn one kind of reminder on or off for the acting person."""
    if kind not in {k.value for k in ReminderKind} or not isinstance(on, bool):
        raise Invalid("No such kind of reminder.")
    existing = session.exec(select(ReminderOptOut).where(ReminderOptOut.member_id == actor.member_id,
                                                         ReminderOptOut.kind == kind)).first()
    if on and existing is not None:
        session.delete(existing)
    elif not on and existing is None:
        session.add(ReminderOptOut(member_id=actor.member_id, kind=kind, at=now))
    audit.record(session, actor_id=actor.member_id, action="reminder_set", entity="member",
                 entity_id=actor.member_id, kind=kind, on=on)


def unsubscribe(*, session: Session, token: object, now: datetime) -> str | None:
    """One-click unsubscribe: turn off the kind of the reminder whose link carries ``token``; its kind or None."""
    if not isinstance(token, str) or not 20 <= len(token) <= 100:
        return None
    reminder = session.exec(select(Reminder).where(Reminder.unsubscribe_hash == digest(token))).first()
    if reminder is None:
        return None
    if not session.exec(select(ReminderOptOut.id).where(ReminderOptOut.member_id == reminder.member_id,
                                                        ReminderOptOut.kind == reminder.kind)).first():
        session.add(ReminderOptOut(member_id=reminder.member_id, kind=reminder.kind, at=now))
        audit.record(session, actor_id=reminder.member_id, action="reminder_unsubscribed", entity="member",
                     entity_id=reminder.member_id, kind=reminder.kind)
    return reminder.kind
