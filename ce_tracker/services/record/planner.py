"""The what-if planner: a member's planned activities and the standing they would give.

Nothing here records credit. The planner reads the member's recorded credit in each term they hold, adds the
plans, and asks the same rules the renewal uses (``rules.planning.what_if`` over ``rules.evaluate``). A plan
names a category by name, so it counts toward every program that accepts that category, and toward a program
without categories (which counts any hours). When the activity is done, one step turns the plan into an
approval request (``requests.submit_request``) or a course claim (``claims.claim_course``), prefilled from
the plan, and marks the plan done.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlmodel import Session, select

from ce_tracker.config import Settings
from ce_tracker.config import settings as app_settings
from ce_tracker.models import Category, CertificationTerm, PlannedActivity, Role
from ce_tracker.rules import HoursError, Program, local_date, parse_hours
from ce_tracker.rules.planning import Plan, WhatIf, what_if
from ce_tracker.rules.program_check import plain
from ce_tracker.rules.status import Verdict
from ce_tracker.services import audit
from ce_tracker.services.accounts import members
from ce_tracker.services.accounts.actors import Actor
from ce_tracker.services.approvals import requests, shared
from ce_tracker.services.courses import claims
from ce_tracker.services.errors import Conflict, Invalid, NotFound
from ce_tracker.services.programs.store import default_program, load_program
from ce_tracker.services.record.credit_record import term_hours, terms_table
from ce_tracker.services.renewal.window import term_state

ANY = "Other CME hours"  # offered only when a program counts any hours: it fits no named category
MAX_PLANS = 200
STEP = Decimal("0.25")
NO_PLAN = "No such plan."


@dataclass(frozen=True)
class TermPlan:
    """One of the member's terms judged with and without the plans."""

    program_name: str
    starts_on: date
    ends_on: date
    result: WhatIf
    verdict: Verdict  # the term as it stands, in the words Home and the renewal page use


@dataclass(frozen=True)
class PlannerView:
    today: date
    categories: tuple[str, ...]  # what a plan may name
    plans: tuple[PlannedActivity, ...]
    terms: tuple[TermPlan, ...]




def _choices(terms: list[tuple[CertificationTerm, Program]]) -> tuple[str, ...]:
    names: list[str] = []
    for _, program in terms:
        names += [n for n in program.category_names if n not in names]
    if any(not program.categories for _, program in terms):
        names.append(ANY)
    return tuple(names)


def _today(session: Session, actor: Actor, now: datetime) -> date:
    row = default_program(session)
    return local_date(load_program(session, row.id), now) if row else now.date()


def planner(*, session: Session, actor: Actor, now: datetime) -> PlannerView:
    """The member's plans and, per term, where recorded credit plus the open plans would leave them.

    Each term's recorded credit and status come from the code the member's own pages use
    (``renewal.window.term_state``, over ``record.credit_record.term_hours``), so the planner's "now" is Home's.
    """
    actor.require(Role.MEMBER)
    terms = members.terms_by_program(session, actor.member_id, now)
    plans = session.exec(select(PlannedActivity).where(PlannedActivity.member_id == actor.member_id)
                         .order_by(PlannedActivity.planned_on, PlannedActivity.id)).all()
    open_plans = [Plan(p.planned_on, p.category, p.hours) for p in plans if not p.done_as]
    hours = term_hours(session, terms_table([term.id for term, _ in terms]), {actor.member_id}) if terms else {}
    judged = []
    for term, program in terms:
        verdict = term_state(session, term, now, app_settings).verdict
        mine = [p for p in open_plans if p.on >= term.starts_on]
        judged.append(TermPlan(program.name, term.starts_on, term.ends_on,
                               what_if(program, hours.get(term.id, []), mine, today=verdict.today,
                                       term_ends_on=term.ends_on, opens_on=verdict.opens_on), verdict))
    return PlannerView(_today(session, actor, now), _choices(terms), tuple(plans), tuple(judged))


def _limit(category: str, terms: list[tuple[CertificationTerm, Program]]) -> Decimal:
    """The most hours one plan in ``category`` can count toward any of the member's programs in a term."""
    limits = []
    for _, program in terms:
        if not program.categories:
            limits.append(program.total_hours)
        elif category in program.category_names:
            rule = program.category(category)
            caps = [g.max_hours for g in program.groups if category in g.categories]
            limits.append(min([program.total_hours] + ([rule.max_hours] if rule.max_hours is not None else [])
                              + caps))
    return max(limits)


def _checked(session: Session, actor: Actor, now: datetime, *, title: object, category: object, hours: object,
             planned_on: object) -> tuple[str, str, Decimal, date]:
    terms = members.terms_by_program(session, actor.member_id, now)
    if not terms:
        raise Invalid("You hold no certification term, so there is nothing to plan toward.")
    if not isinstance(title, str) or not title.strip() or len(title.strip()) > 200:
        raise Invalid("Give the activity a title (up to 200 characters).")
    choices = _choices(terms)
    if not isinstance(category, str) or category not in choices:
        raise Invalid("Choose one of the categories: " + ", ".join(choices) + ".")
    if not isinstance(hours, str):
        raise Invalid("Enter the hours as a number, such as 6 or 7.5.")
    try:
        amount = parse_hours(hours)
    except HoursError as error:
        message = str(error)
        raise Invalid("Enter the planned hours, such as 6 or 7.5." if message.startswith("Enter a number")
                      else message.replace("Credits cannot", "Hours cannot")) from error
    if amount <= 0:
        raise Invalid("Enter the planned hours, more than 0.")
    if amount % STEP:
        raise Invalid("Enter hours in steps of 0.25 (a quarter hour).")
    limit = _limit(category, terms)
    if amount > limit:
        raise Invalid(f"At most {plain(limit)} {category} hours can count in a term; plan at most "
                      f"{plain(limit)}.")
    day = _date(planned_on)
    first = min(term.starts_on for term, _ in terms)
    last = max(term.ends_on for term, _ in terms)
    if not first <= day <= last:
        raise Invalid(f"Plan a date within your term, from {first:%B %-d, %Y} to {last:%B %-d, %Y}: credit "
                      "counts only in the term in which it is earned.")
    return title.strip(), category, amount.quantize(Decimal("0.01")), day


def _date(value: object) -> date:
    try:
        if not isinstance(value, str) or len(value) != 10:
            raise ValueError
        return date.fromisoformat(value)
    except ValueError:
        raise Invalid("Enter the date as a calendar date, such as 2027-03-14.") from None


def add_plan(*, session: Session, actor: Actor, title: object, category: object, hours: object,
             planned_on: object, now: datetime) -> PlannedActivity:
    """Keep a planned activity for the member; nothing is recorded."""
    actor.require(Role.MEMBER)
    title, category, amount, day = _checked(session, actor, now, title=title, category=category, hours=hours,
                                            planned_on=planned_on)
    count = len(session.exec(select(PlannedActivity.id).where(PlannedActivity.member_id == actor.member_id)).all())
    if count >= MAX_PLANS:
        raise Invalid(f"You can keep at most {MAX_PLANS} plans; remove some you no longer need.")
    plan = PlannedActivity(member_id=actor.member_id, title=title, category=category, hours=amount, planned_on=day,
                           created_at=now)
    session.add(plan)
    session.flush()
    audit.record(session, actor_id=actor.member_id, action="plan_added", entity="plan", entity_id=plan.id,
                 category=category, hours=amount)
    return plan


def _own(session: Session, actor: Actor, plan_id: object, *, open_only: bool = True) -> PlannedActivity:
    """The member's own plan; anyone else's is "not found"."""
    plan = session.get(PlannedActivity, plan_id) if isinstance(plan_id, int) and not isinstance(
        plan_id, bool) else None
    if plan is None or plan.member_id != actor.member_id:
        raise NotFound(NO_PLAN)
    if open_only and plan.done_as:
        raise Conflict(f"This plan is done already ({plan.done_as}).")
    return plan


def update_plan(*, session: Session, actor: Actor, plan_id: object, title: object, category: object,
                hours: object, planned_on: object, now: datetime) -> PlannedActivity:
    actor.require(Role.MEMBER)
    plan = _own(session, actor, plan_id)
    plan.title, plan.category, plan.hours, plan.planned_on = _checked(
        session, actor, now, title=title, category=category, hours=hours, planned_on=planned_on)
    session.add(plan)
    audit.record(session, actor_id=actor.member_id, action="plan_changed", entity="plan", entity_id=plan.id,
                 category=plan.category, hours=plan.hours)
    return plan


def remove_plan(*, session: Session, actor: Actor, plan_id: object) -> None:
    actor.require(Role.MEMBER)
    plan = _own(session, actor, plan_id, open_only=False)
    session.delete(plan)
    audit.record(session, actor_id=actor.member_id, action="plan_removed", entity="plan", entity_id=plan.id)


def _done(session: Session, actor: Actor, plan: PlannedActivity, what: str) -> None:
    plan.done_as = what
    session.add(plan)
    audit.record(session, actor_id=actor.member_id, action="plan_done", entity="plan", entity_id=plan.id, as_=what)


def plan_to_request(*, session: Session, actor: Actor, plan_id: object, provider: object, format: object,
                    now: datetime, settings: Settings) -> shared.Submitted:
    """File the plan as an approval request (its title, date, category and hours) and mark it done."""
    actor.require(Role.MEMBER)
    plan = _own(session, actor, plan_id)
    category = _category_id(session, actor, plan, now)
    submitted = requests.submit_request(session=session, actor=actor, title=plan.title, provider=provider,
                                         starts_on=plan.planned_on.isoformat(), ends_on=plan.planned_on.isoformat(),
                                         format=format, category_id=category, hours=plain(plan.hours), now=now,
                                         settings=settings)
    _done(session, actor, plan, f"approval request #{submitted.request.id}")
    return submitted


def plan_to_claim(*, session: Session, actor: Actor, plan_id: object, activity_id: object, now: datetime):
    """Record the plan's hours for a completed catalog course in its category, and mark the plan done."""
    actor.require(Role.MEMBER)
    plan = _own(session, actor, plan_id)
    category = _category_id(session, actor, plan, now)
    claim = claims.claim_course(session=session, actor=actor, activity_id=activity_id, category_id=category,
                                hours=plain(plan.hours), now=now)
    _done(session, actor, plan, f"course claim #{claim.id}")
    return claim


def _category_id(session: Session, actor: Actor, plan: PlannedActivity, now: datetime) -> int:
    """The category of the member's request-taking program that has the plan's category name."""
    terms = members.terms_by_program(session, actor.member_id, now)
    program_id = terms[0][0].program_id if terms else default_program(session).id
    category = session.exec(select(Category).where(Category.program_id == program_id,
                                                   Category.name == plan.category)).first()
    if category is None:
        raise Invalid(f"“{plan.category}” is not a category the CE committee approves in; record these hours "
                      "where the other program records them.")
    return category.id
