"""The Board of Certification's view of every certificant by the end of their term (R000-15 to R000-18).

The seed has the Board "keeping track of the term expiration dates": it needs every certificant's term,
grouped by the quarter it ends in, with where each stands. The figures come from the same rules as the
member's own page (``rules.evaluate`` and ``rules.progress_status``, through ``rules.board_status``) over
the same credit lines ``services.record`` counts (recorded course claims by their completion date,
submitted conferences in a CE category by their last day), but read for the whole society at once: one
grouped statement per kind of credit instead of two per member, and ``evaluate`` once per distinct set of
hours (many members share one), so 50,000 members take a fraction of a second.
"""

from __future__ import annotations

import csv
import re
import threading
import time
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from io import StringIO

from sqlalchemy import Integer, and_, func, select, type_coerce
from sqlmodel import Session

from ce_tracker import formatting as fmt
from ce_tracker.models import (
    Activity,
    ApprovalRequest,
    AuditEntry,
    Category,
    CertificationTerm,
    ClaimStatus,
    CreditClaim,
    EventSubmission,
    Member,
    RenewalApplication,
    RenewalStatus,
    RequestStatus,
    Role,
    TermStatus,
)
from ce_tracker.rules import Program, Standing, evaluate, hours_needed, local_date
from ce_tracker.rules.board import BoardStatus, board_status, quarter_of
from ce_tracker.services.actors import Actor
from ce_tracker.services.errors import Invalid, NotAllowed
from ce_tracker.services.programs import default_program, load_program
from ce_tracker.services.transcript import _cell

QUARTER = re.compile(r"^\d{4} Q[1-4]$")
STATUSES = tuple(BoardStatus)
LIST_LIMIT = 200  # rows a page shows; the CSV has them all


def require_board(actor: Actor) -> None:
    """The Board's views are for the Board of Certification (and staff, who run the society's records)."""
    if not (actor.has(Role.BOARD) or actor.has(Role.STAFF)):
        raise NotAllowed("This is for the Board of Certification.")


@dataclass(frozen=True)
class Certificant:
    """One certificant's current term as the Board sees it."""

    member_id: int
    full_name: str
    member_number: str
    term_id: int
    starts_on: date
    ends_on: date
    quarter: str
    status: BoardStatus
    standing: Standing

    @property
    def needed(self) -> Decimal:
        return hours_needed(self.standing)


@dataclass(frozen=True)
class Cohort:
    """The certificants whose terms end in one quarter, counted by status."""

    quarter: str
    total: int
    counts: dict[BoardStatus, int]


@dataclass(frozen=True)
class CertificantList:
    rows: list[Certificant]  # at most ``LIST_LIMIT``
    total: int  # how many matched


def _current_terms(today: date):
    """Each member's latest term that has started by ``today`` (the term the member's pages show)."""
    latest = (select(CertificationTerm.member_id, func.max(CertificationTerm.starts_on).label("starts_on"))
              .where(CertificationTerm.starts_on <= today).group_by(CertificationTerm.member_id).subquery())
    return (select(CertificationTerm.id, CertificationTerm.member_id, CertificationTerm.program_id,
                   CertificationTerm.starts_on, CertificationTerm.ends_on, CertificationTerm.status)
            .join(latest, and_(latest.c.member_id == CertificationTerm.member_id,
                               latest.c.starts_on == CertificationTerm.starts_on))
            .cte("current_term"))


def _hours(session: Session, term) -> dict[int, dict[int, int]]:
    """Hundredths of hours per current term and category: recorded claims and CE conference submissions
    inside the term (summed as the stored integers: no Decimal per row)."""
    claims = (select(term.c.id, CreditClaim.category_id, type_coerce(func.sum(CreditClaim.hours), Integer))
              .join(term, and_(term.c.member_id == CreditClaim.member_id,
                               CreditClaim.completed_on >= term.c.starts_on, CreditClaim.completed_on <= term.c.ends_on))
              .where(CreditClaim.status == ClaimStatus.RECORDED).group_by(term.c.id, CreditClaim.category_id))
    events = (select(term.c.id, Activity.category_id, type_coerce(func.sum(EventSubmission.total), Integer))
              .join(Activity, Activity.id == EventSubmission.activity_id)
              .join(term, and_(term.c.member_id == EventSubmission.member_id,
                               Activity.ends_on >= term.c.starts_on, Activity.ends_on <= term.c.ends_on))
              .where(Activity.category_id.is_not(None)).group_by(term.c.id, Activity.category_id))
    hours: dict[int, dict[int, int]] = {}
    for statement in (claims, events):
        for term_id, category_id, total in session.execute(statement):
            by_category = hours.setdefault(term_id, {})
            by_category[category_id] = by_category.get(category_id, 0) + total
    return hours


def _stamp(session: Session) -> tuple:
    """What changes whenever anything the Board counts changes.

    Every change a service makes writes an audit row (the project's rule), so the newest audit row's id
    moves with each one; the newest id of each table the view reads also catches rows added outside the
    services (the demo, a bulk load). Each is an index's last entry: a few microseconds at any size.
    """
    newest = [select(func.max(model.id)).scalar_subquery() for model in (
        AuditEntry, CreditClaim, EventSubmission, CertificationTerm, RenewalApplication, Member, ApprovalRequest)]
    return tuple(session.execute(select(*newest)).one())


_cache: dict[tuple, tuple[tuple, float, date, list[Certificant], dict]] = {}
_cache_lock = threading.Lock()
MAX_AGE = 300.0  # seconds; a bound on staleness should an audit id ever be reused


def _society(session: Session, now: datetime) -> tuple[date, list[Certificant]]:
    """Every active account's current term with its Board status, soonest term end first.

    Reading 50,000 members' credits takes seconds, so the result is kept per database and day, and read
    again only when ``_stamp`` says something changed (or after ``MAX_AGE``).
    """
    program_row = default_program(session)
    if program_row is None:
        return date.min, []
    today = local_date(load_program(session, program_row.id), now)
    engine = session.get_bind()
    key, stamp = (id(engine), str(engine.url), today), _stamp(session)
    with _cache_lock:
        kept = _cache.get(key)
    if kept and kept[0] == stamp and time.monotonic() - kept[1] < MAX_AGE:
        return today, kept[3]
    # The standings already judged stay good: the same hours under the same program give the same verdict,
    # so after a change only new sets of hours go through the rules again.
    standings = kept[4] if kept else {}
    people = _read_society(session, today, standings)
    with _cache_lock:
        _cache.clear()  # one database, one day: older entries are dead weight
        _cache[key] = (stamp, time.monotonic(), today, people, standings)
    return today, people


def _evaluate(program: Program, earned: tuple[tuple[str, int], ...]) -> Standing:
    """``rules.evaluate`` over hundredths of hours."""
    return evaluate(program, {name: Decimal(hundredths) / 100 for name, hundredths in earned})


def _read_society(session: Session, today: date, standings: dict) -> list[Certificant]:
    term = _current_terms(today)
    names = {c.id: (c.program_id, c.name) for c in session.execute(select(Category)).scalars()}
    hours = _hours(session, term)
    applications = dict(session.execute(select(RenewalApplication.term_id, RenewalApplication.status)
                                        .join(term, term.c.id == RenewalApplication.term_id)).all())
    waiting = {row[0] for row in session.execute(
        select(term.c.id).join(ApprovalRequest, and_(
            ApprovalRequest.member_id == term.c.member_id, ApprovalRequest.ends_on >= term.c.starts_on,
            ApprovalRequest.ends_on <= term.c.ends_on))
        .where(ApprovalRequest.status.in_((RequestStatus.PENDING, RequestStatus.RETURNED))))}
    rows = session.execute(select(term, Member.full_name, Member.member_number)
                           .join(Member, Member.id == term.c.member_id).where(Member.is_active.is_(True))
                           .order_by(term.c.ends_on, Member.full_name, Member.id)).all()
    programs: dict[int, Program] = {}
    people = []
    for term_id, member_id, program_id, starts_on, ends_on, status, full_name, number in rows:
        earned = tuple(sorted((names[c][1], h) for c, h in hours.get(term_id, {}).items()
                              if names[c][0] == program_id))
        if program_id not in programs:
            programs[program_id] = load_program(session, program_id)
        program = programs[program_id]
        kept = standings.get((program_id, earned))  # many members share the same hours: evaluate once
        if kept is None or kept[0] is not program:  # a program edited since is a new Program object
            kept = standings[(program_id, earned)] = (program, _evaluate(program, earned))
        standing = kept[1]
        application = applications.get(term_id)
        people.append(Certificant(
            member_id=member_id, full_name=full_name, member_number=number, term_id=term_id, starts_on=starts_on,
            ends_on=ends_on, quarter=quarter_of(ends_on), standing=standing,
            status=board_status(standing, starts_on=starts_on, ends_on=ends_on, today=today,
                                renewed=TermStatus(status) is TermStatus.RENEWED
                                or application is RenewalStatus.VERIFIED,
                                applied=application is RenewalStatus.SUBMITTED,
                                undecided_request=term_id in waiting)))
    return people


def cohorts(*, session: Session, actor: Actor, now: datetime) -> list[Cohort]:
    """Certificants by the quarter their term ends in, each quarter counted by status (R000-15)."""
    require_board(actor)
    return _cohorts(_society(session, now)[1])


def _cohorts(people: list[Certificant]) -> list[Cohort]:
    by_quarter: dict[str, Counter] = {}
    for person in people:
        by_quarter.setdefault(person.quarter, Counter())[person.status] += 1
    return [Cohort(quarter, sum(counts.values()), {s: counts.get(s, 0) for s in STATUSES})
            for quarter, counts in by_quarter.items()]


def _filters(quarter: object, status: object, query: object) -> tuple[str, BoardStatus | None, str]:
    quarter = quarter.strip() if isinstance(quarter, str) else ""
    if quarter and not QUARTER.match(quarter):
        raise Invalid("Choose a quarter such as 2027 Q3.")
    status = status.strip() if isinstance(status, str) else ""
    if status and status not in {s.value for s in STATUSES}:
        raise Invalid("Choose one of the statuses listed.")
    query = " ".join(query.split()).lower()[:100] if isinstance(query, str) else ""
    return quarter, BoardStatus(status) if status else None, query


def _matching(session: Session, now: datetime, quarter: object, status: object, query: object) -> list[Certificant]:
    wanted = _filters(quarter, status, query)
    return _filtered(_society(session, now)[1], *wanted)


def _filtered(people: list[Certificant], quarter: str, status: BoardStatus | None, query: str) -> list[Certificant]:
    return [p for p in people if (not quarter or p.quarter == quarter) and (status is None or p.status is status)
            and (not query or query in p.full_name.lower() or query in p.member_number)]


def certificant_list(*, session: Session, actor: Actor, now: datetime, quarter: object = "", status: object = "",
                     query: object = "") -> CertificantList:
    """Certificants by term end, filtered by quarter, status and name or member ID; the first ``LIST_LIMIT``."""
    require_board(actor)
    found = _matching(session, now, quarter, status, query)
    return CertificantList(rows=found[:LIST_LIMIT], total=len(found))


@dataclass(frozen=True)
class BoardView:
    """What the Board page shows: every cohort, and the list with the page's filters."""

    today: date
    cohorts: list[Cohort]
    listing: CertificantList


def board_view(*, session: Session, actor: Actor, now: datetime, quarter: object = "", status: object = "",
               query: object = "") -> BoardView:
    """The cohorts and the filtered list from one reading of the society (the page needs both at once)."""
    require_board(actor)
    wanted = _filters(quarter, status, query)
    today, people = _society(session, now)
    found = _filtered(people, *wanted)
    return BoardView(today, _cohorts(people), CertificantList(rows=found[:LIST_LIMIT], total=len(found)))


CSV_COLUMNS = ("Member ID", "Name", "Term starts", "Term ends", "Quarter", "Status", "Counted hours",
               "Hours still needed")


def certificants_csv(*, session: Session, actor: Actor, now: datetime, quarter: object = "", status: object = "",
                     query: object = "") -> str:
    """Every certificant the filters match, as a spreadsheet-safe CSV (with each category's counted hours)."""
    require_board(actor)
    found = _matching(session, now, quarter, status, query)
    out = StringIO()
    writer = csv.writer(out)
    categories = list(found[0].standing.categories) if found else []
    writer.writerow([*CSV_COLUMNS, *(f"{name} counted" for name in categories)])
    figures: dict[int, list[str]] = {}  # members share standings: format each one once
    for p in found:
        cells = figures.get(id(p.standing))
        if cells is None:
            cells = figures[id(p.standing)] = [
                fmt.hours(p.standing.counted_total), fmt.hours(p.needed),
                *(fmt.hours(p.standing.categories[n].counted) if n in p.standing.categories else ""
                  for n in categories)]
        writer.writerow([p.member_number, _cell(p.full_name), p.starts_on.isoformat(), p.ends_on.isoformat(),
                         p.quarter, p.status.value, *cells])
    return out.getvalue()
