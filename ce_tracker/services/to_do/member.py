"""A member's next steps: answers owed to the committee, credits to enter or record, hours still needed (in
grace: exactly what would save the certification), and renewal once its window is open (R000-05, R000-08,
R000-15 to R000-17).

Each item comes from the same code the page it links to uses (the deadlines, the term's phase, the renewal
page's own "may apply"), so Home never offers a step that the next page refuses.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Session, select

from ce_tracker import formatting as fmt
from ce_tracker.config import Settings
from ce_tracker.models import ApprovalRequest, CertificationTerm, RequestStatus, Role
from ce_tracker.rules import TermPhase
from ce_tracker.services.accounts.actors import Actor
from ce_tracker.services.accounts.members import term_in_program
from ce_tracker.services.errors import DomainError
from ce_tracker.services.reminders import deadlines
from ce_tracker.services.renewal.applications import renewal_overview
from ce_tracker.services.renewal.common import today_for_term
from ce_tracker.services.renewal.window import TermState, term_state
from ce_tracker.services.to_do.item import Place, ToDo, Urgency, urgency_of

OPEN_PHASES = (TermPhase.COLLECTING, TermPhase.WINDOW, TermPhase.GRACE)


def _answers_owed(session: Session, actor: Actor) -> list[ToDo]:
    """Requests the committee returned with a question: nothing moves until the member answers (R000-05)."""
    returned = session.exec(select(ApprovalRequest).where(ApprovalRequest.member_id == actor.member_id,
                                                          ApprovalRequest.status == RequestStatus.RETURNED)).all()
    return [ToDo(f"Answer the CE committee's question about \u201c{r.title}\u201d",
                 "Your request waits for your answer before the committee can decide.", "Answer the question",
                 Place.REQUEST, str(r.id)) for r in returned]


def _credits_waiting(session: Session, actor: Actor, now: datetime, today: date) -> list[ToDo]:
    """Conferences to enter and approved activities to record, with their last day (R000-08)."""
    items = []
    for d in deadlines.next_deadlines(session=session, actor=actor, now=now, today=today):
        left = "" if d.days_left is None else (" (today)" if d.days_left == 0 else
                                               f" ({d.days_left} day{'s' if d.days_left != 1 else ''} left)")
        by = f"Last day: {fmt.day(d.last_day)}{left}." if d.last_day else "No CE deadline (CME only)."
        if d.kind == deadlines.CONFERENCE:
            items.append(ToDo(f"Enter your credits for {d.title}", by, "Enter credits", Place.EVENT,
                              str(d.target_id), d.last_day, urgency_of(d.last_day, today)))
        else:
            items.append(ToDo(f"Record the hours of \u201c{d.title}\u201d", "Approved by the committee. " + by,
                              "Record hours", Place.REQUEST, str(d.target_id), d.last_day,
                              urgency_of(d.last_day, today)))
    return items


def _hours_needed(state: TermState, *, catalog: bool) -> list[ToDo]:
    """Each category still short, and the total, linked to matching courses; in grace, what saves the term.

    ``catalog``: the course catalog serves this program (the member's first); other programs earn their hours
    at events, so their steps lead to the CME Tracker.
    """
    st, term, program = state.standing, state.term, state.program
    in_grace = state.phase is TermPhase.GRACE
    items = []
    for c in st.categories.values():
        if not c.shortfall:
            continue
        if not catalog:
            items.append(ToDo(f"Earn {fmt.hours(c.shortfall)} h more of {c.name}",
                              f"Needed for {program.name} by {fmt.day(term.ends_on)}.", "Open the CME Tracker",
                              Place.CME))
        elif in_grace:
            items.append(ToDo(
                f"Record {fmt.hours(c.shortfall)} h of {c.name} to keep your {program.name} certification",
                f"Activities completed by {fmt.day(term.ends_on)}, the last day of your term, still count if you "
                f"record them by {fmt.day(state.grace_until)}.", f"Find {c.name} courses", Place.COURSES, c.name,
                state.grace_until, urgency_of(state.grace_until, state.today)))
        else:
            items.append(ToDo(f"Earn {fmt.hours(c.shortfall)} h more of {c.name}",
                              f"Needed for {program.name} by {fmt.day(term.ends_on)}.", f"Find {c.name} courses",
                              Place.COURSES, c.name))
    # Hours recorded for a short category count toward the total too: only what is missing beyond them is asked.
    beyond = st.total_shortfall - sum((c.shortfall for c in st.categories.values()), start=type(st.total_shortfall)())
    if beyond > 0:
        by = state.grace_until if in_grace else term.ends_on
        where = " in any category" if len(st.categories) > 1 else ""
        items.append(ToDo(f"Earn {fmt.hours(beyond)} h more{where}", f"Needed for {program.name} by {fmt.day(by)}.",
                          *(("Find courses", Place.COURSES) if catalog else ("Open the CME Tracker", Place.CME)),
                          "", by if in_grace else None, urgency_of(by, state.today) if in_grace else Urgency.NORMAL))
    return items


def _terms(session: Session, member_id: int) -> list[CertificationTerm]:
    """The member's term in each program they hold one in (the one they are in today)."""
    programs = sorted(set(session.exec(select(CertificationTerm.program_id)
                                       .where(CertificationTerm.member_id == member_id))))
    found = []
    for program_id in programs:
        latest = term_in_program(session, member_id, program_id)
        found.append(latest)
    return found


def _renewal(session: Session, actor: Actor, now: datetime, settings: Settings) -> list[ToDo]:
    """Apply to renew, when the renewal page itself would accept the application (R000-16, R000-17)."""
    try:
        overview = renewal_overview(session=session, actor=actor, now=now, settings=settings)
    except DomainError:
        return []
    if not overview.may_apply:
        return []
    last = overview.term_ends_on
    return [ToDo("Apply to renew your certification",
                 f"You have the hours needed. Applying is open; your term ends on {fmt.day(last)}.",
                 "Apply for renewal", Place.RENEWAL, "", None)]


def member_to_dos(*, session: Session, actor: Actor, now: datetime, settings: Settings) -> list[ToDo]:
    """Everything waiting on a member, in the order Home lists it (the list sorts by urgency after)."""
    if not actor.has(Role.MEMBER):
        return []
    items = _answers_owed(session, actor)
    terms = [t for t in _terms(session, actor.member_id) if t is not None]
    today = today_for_term(session, terms[0], now) if terms else now.date()
    items += _credits_waiting(session, actor, now, today)
    items += _renewal(session, actor, now, settings)
    for i, term in enumerate(terms):
        state = term_state(session, term, now, settings)
        if state.phase in OPEN_PHASES:
            items += _hours_needed(state, catalog=i == 0)
    return items
