"""The Board of Certification's view of every certificant by the end of their term (R000-15 to R000-18).

The seed has the Board "keeping track of the term expiration dates": it needs every certificant's term,
grouped by the quarter it ends in, with where each stands: one row per term, so a member in two programs
has two, each naming its program. The figures come from the same code as the member's own page
(``record.credit_record.term_hours`` summed by ``rules.planning.evaluate_lines``, judged by
``rules.status.judge_term``), read for the whole society by ``services.board.society`` (which keeps the
judged society and reads again only the members a change touched). This module checks who asks, filters,
counts and exports.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session

from ce_tracker import formatting as fmt
from ce_tracker.models import Role
from ce_tracker.rules import local_date
from ce_tracker.rules.status import Status
from ce_tracker.services import spreadsheets
from ce_tracker.services.accounts.actors import Actor
from ce_tracker.services.board import society as board_society
from ce_tracker.services.board.society import Certificant
from ce_tracker.services.errors import Invalid, NotAllowed
from ce_tracker.services.programs.store import default_program, load_program

__all__ = ["BoardView", "Certificant", "CertificantList", "Cohort", "board_view", "certificant_list",
           "certificants_csv", "cohorts", "require_board"]

QUARTER = re.compile(r"^\d{4} Q[1-4]$")
STATUSES = tuple(Status)
LIST_LIMIT = 200  # rows a page shows; the CSV has them all


def require_board(actor: Actor) -> None:
    """The Board's views are for the Board of Certification (and staff, who run the society's records)."""
    if not (actor.has(Role.BOARD) or actor.has(Role.STAFF)):
        raise NotAllowed("This is for the Board of Certification.")


@dataclass(frozen=True)
class Cohort:
    """The terms that end in one quarter, counted by status."""

    quarter: str
    total: int
    counts: dict[Status, int]


@dataclass(frozen=True)
class CertificantList:
    rows: list[Certificant]  # at most ``LIST_LIMIT``
    total: int  # how many matched


def _society(session: Session, now: datetime) -> tuple[date, list[Certificant]]:
    """The society's calendar day and every certificant as judged on it (``board.society``)."""
    program_row = default_program(session)
    if program_row is None:
        return date.min, []
    today = local_date(load_program(session, program_row.id), now)
    return today, board_society.society(session, today)


def keep_fresh(*, session: Session, now: datetime) -> None:
    """Bring the kept society up to date, for the background keeper (no actor: it shows nobody anything)."""
    _society(session, now)


def cohorts(*, session: Session, actor: Actor, now: datetime) -> list[Cohort]:
    """Certificants by the quarter their term ends in, each quarter counted by status (R000-15)."""
    require_board(actor)
    return _cohorts(_society(session, now)[1])


_counted: list = [None, []]  # the society last counted, and its cohorts


def _cohorts(people: list[Certificant]) -> list[Cohort]:
    """Counted in one pass (``people`` is in term-end order, so the quarters come out in order), and once
    per kept society (a change hands out a new list)."""
    seen, cohorts_then = _counted
    if seen is people:
        return cohorts_then
    counts = Counter((person.quarter, person.status) for person in people)
    quarters = dict.fromkeys(quarter for quarter, _ in counts)
    found = [Cohort(q, sum(counts[(q, s)] for s in STATUSES), {s: counts[(q, s)] for s in STATUSES})
             for q in quarters]
    _counted[:] = [people, found]
    return found


def _filters(quarter: object, status: object, query: object) -> tuple[str, Status | None, str]:
    quarter = quarter.strip() if isinstance(quarter, str) else ""
    if quarter and not QUARTER.match(quarter):
        raise Invalid("Choose a quarter such as 2027 Q3.")
    status = status.strip() if isinstance(status, str) else ""
    if status and status not in {s.value for s in STATUSES}:
        raise Invalid("Choose one of the statuses listed.")
    query = " ".join(query.split()).lower()[:100] if isinstance(query, str) else ""
    return quarter, Status(status) if status else None, query


def _matching(session: Session, now: datetime, quarter: object, status: object, query: object) -> list[Certificant]:
    wanted = _filters(quarter, status, query)
    return _filtered(_society(session, now)[1], *wanted)


def _filtered(people: list[Certificant], quarter: str, status: Status | None, query: str) -> list[Certificant]:
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
               "Hours still needed", "Program")


def certificants_csv(*, session: Session, actor: Actor, now: datetime, quarter: object = "", status: object = "",
                     query: object = "") -> str:
    """Every certificant the filters match, as a spreadsheet-safe CSV (with each category's counted hours)."""
    require_board(actor)
    found = _matching(session, now, quarter, status, query)
    categories = list(dict.fromkeys(name for p in found for name in p.standing.categories))
    return spreadsheets.csv_text([*CSV_COLUMNS, *(f"{name} counted" for name in categories)],
                                 (_csv_row(p, categories) for p in found))


_rows: dict[int, tuple[Certificant, tuple, list[str]]] = {}


def _csv_row(p: Certificant, categories: list[str]) -> list[str]:
    """One term's CSV line (blank under another program's categories), made once: the kept society hands out
    the same object until it changes."""
    kept = _rows.get(id(p))
    key = tuple(categories)
    if kept is None or kept[0] is not p or kept[1] != key:
        if len(_rows) > 400_000:
            _rows.clear()
        st = p.standing
        own = st.categories
        kept = _rows[id(p)] = (p, key, [p.member_number, p.full_name, p.starts_on.isoformat(),
                                        p.ends_on.isoformat(), p.quarter, p.status.value,
                                        fmt.hours(st.counted_total), fmt.hours(p.needed), p.program_name,
                                        *(fmt.hours(own[name].counted) if name in own else "" for name in categories)])
    return kept[2]
