"""A society of 50,000 members with five years of history: the pages that read it all, and a big import.

Why it matters: the member's progress page (``record.credit_record``) runs on every sign-in and must not
slow as the society's history grows; the staff views (``events_completion.event_completion``,
``renewal_applications.verification_queue``) read across many members at once; and the registration import of a large
convention is one all-or-nothing transaction (R002-14, R002-15) whose rows the attendees must see at once.

The data is generated from ``--seed`` (same seed, same society) and written with bulk Core inserts (not
timed): the CMI program (5-year terms), ``--members`` certified members whose certification started up to
15 years ago (a past term RENEWED, the current one ACTIVE), a course catalog over five years and 10 past
3-day events. Each member has completed 6-14 courses per five years (recorded claims with their hours and
categories) and attended events with saved days and (mostly) a submission; the latest convention has 20 % of
the society registered. ``--queue`` members have a renewal application waiting for headquarters, and every
past term that ended in the last two years has one headquarters verified (the Board's audit draws from them).

Then it times, each in its own unit of work as the pages call them:
  progress page      ``credit_record`` for ``--samples`` random members (p50/p95/max)
  event completion   the staff completion view of the latest convention (median of 5)
  renewal queue      the staff renewal-verification view with ``--queue`` applications (median of 5)
  Board views        cohorts by term end over every certificant (first view after a change, and after it),
                     the Board page, a filtered list, the CSV of everyone, drawing an audit sample of 50 from
                     the renewals verified in the last year, the samples page, one evidence pack
  CSV import         ``--rows`` registration lines for a new 3-day event, one transaction, commit included;
                     then the same file with one bad line at the end (refused, nothing added); then an
                     imported attendee's ``my_events`` right after the commit

Run: ``python bench/society_scale.py [--members 50000] [--queue 500] [--rows 100000] [--samples 300]
[--seed 2026] [--database-url URL]``
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

from common import latency_cells, print_machine, print_table  # noqa: E402  (bench/ on sys.path)

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import func, insert, inspect, select  # noqa: E402
from sqlalchemy.engine import Engine  # noqa: E402
from sqlmodel import Session, SQLModel  # noqa: E402

import ce_tracker.models  # noqa: E402,F401  (registers every table)
from ce_tracker.db import make_engine  # noqa: E402
from ce_tracker.models import (  # noqa: E402
    Activity,
    ActivityKind,
    Category,
    CertificationTerm,
    CreditClaim,
    DayCredit,
    EventDay,
    EventSubmission,
    Member,
    Registration,
    RenewalApplication,
    RenewalStatus,
    Role,
    RoleGrant,
    TermStatus,
)
from ce_tracker.rules import CMI, local_date, term_end  # noqa: E402
from ce_tracker.services import audit  # noqa: E402
from ce_tracker.services.accounts.actors import Actor, load_actor  # noqa: E402
from ce_tracker.services.accounts.members import NewMember, add_member  # noqa: E402
from ce_tracker.services.accounts.passwords import UNUSABLE  # noqa: E402
from ce_tracker.services.board import audit_sample
from ce_tracker.services.board import cohorts as board_cohorts
from ce_tracker.services.board import society as board_society
from ce_tracker.services.errors import DomainError  # noqa: E402
from ce_tracker.services.events import cme, registration_import
from ce_tracker.services.events import completion as events_completion
from ce_tracker.services.programs.store import categories_of, install_program  # noqa: E402
from ce_tracker.services.record import credit_record  # noqa: E402
from ce_tracker.services.renewal import applications as renewal_applications

FIRST = ["Ada", "Ben", "Chloe", "Dev", "Elena", "Farid", "Grace", "Hiro", "Ines", "Jon", "Kemi", "Luis", "Maya",
         "Noor", "Omar", "Priya", "Quinn", "Rosa", "Sam", "Tara", "Uma", "Victor", "Wen", "Ximena", "Yusuf", "Zoe"]
LAST = ["Abbott", "Baker", "Chen", "Diaz", "Evans", "Fischer", "Garcia", "Hughes", "Ito", "Jones", "Khan", "Lopez",
        "Moreau", "Nakamura", "Okafor", "Patel", "Quist", "Rossi", "Silva", "Tanaka", "Usman", "Varga", "Weber"]
BATCH = 20_000


def bulk(session: Session, model, rows: list[dict]) -> None:
    for start in range(0, len(rows), BATCH):
        session.execute(insert(model.__table__), rows[start:start + BATCH])


def next_id(session: Session, model) -> int:
    return (session.execute(select(func.max(model.id))).scalar() or 0) + 1


def generate(engine: Engine, args, now: datetime) -> dict:
    """The society; returns the ids the timings need."""
    rng = random.Random(args.seed)
    today = local_date(CMI, now)
    stamp = now - timedelta(days=1)
    with Session(engine, expire_on_commit=False) as session:
        program = install_program(session, CMI)
        categories = categories_of(session, program.id)
        weights = {"Art": 4, "Biomedical": 4, "Business": 1, "History": 1}
        staff = add_member(session, NewMember("Staff Person", "staff@example.test", "staff", (Role.STAFF,)),
                           password=None, actor_id=None)
        session.flush()
        staff_actor = load_actor(session, staff.id)

        # The catalog: 300 courses and 10 past 3-day events over the last five years.
        five_years_ago = today - timedelta(days=5 * 365)
        courses = []
        for n in range(300):
            done = five_years_ago + timedelta(days=rng.randrange(5 * 365 - 2))
            category = rng.choices(categories, [weights[c.name] for c in categories])[0]
            courses.append(dict(kind=ActivityKind.COURSE, title=f"Course {n}", provider="AMI", starts_on=done,
                                ends_on=done, hours=Decimal(rng.choice([1, 1.5, 2, 3, 4, 6])),
                                category_id=category.id, increment=Decimal("0.25"), created_at=stamp))
        events = []
        for n in range(10):
            ends = today - timedelta(days=5 + (9 - n) * 180 + rng.randrange(30))
            events.append(dict(kind=ActivityKind.EVENT, title=f"Convention {2021 + n // 2}.{n % 2 + 1}",
                               provider="AMI", starts_on=ends - timedelta(days=2), ends_on=ends,
                               hours=None, category_id=next(c.id for c in categories if c.name == "Biomedical"),
                               increment=Decimal("0.25"), created_at=stamp))
        first_activity = next_id(session, Activity)
        bulk(session, Activity, courses + events)
        course_ids = list(range(first_activity, first_activity + len(courses)))
        event_ids = list(range(first_activity + len(courses), first_activity + len(courses) + len(events)))
        first_day = next_id(session, EventDay)
        bulk(session, EventDay, [dict(activity_id=a, day=e["starts_on"] + timedelta(days=i), max_credits=Decimal(8))
                                 for a, e in zip(event_ids, events) for i in range(3)])
        days_of = {a: [first_day + 3 * k + i for i in range(3)] for k, a in enumerate(event_ids)}
        course_of = dict(zip(course_ids, courses))

        # The members, their terms and histories.
        first_member = next_id(session, Member)
        members, grants, terms, claims, registrations, saves, submissions = [], [], [], [], [], [], []
        member_ids = list(range(first_member, first_member + args.members))
        current_term_start = {}
        for n, member_id in enumerate(member_ids):
            members.append(dict(member_number=str(200001 + n), username=f"m{n}", email=f"m{n}@example.test",
                                full_name=f"{rng.choice(FIRST)} {rng.choice(LAST)}", password_hash=UNUSABLE,
                                is_active=rng.random() > 0.01, created_at=stamp))
            grants.append(dict(member_id=member_id, role=Role.MEMBER))
            certified = today - timedelta(days=rng.randrange(30, 15 * 365))
            starts = certified
            while True:
                ends = term_end(CMI, starts)
                current = ends >= today
                terms.append(dict(member_id=member_id, program_id=program.id, starts_on=starts, ends_on=ends,
                                  status=TermStatus.ACTIVE if current else TermStatus.RENEWED))
                if current:
                    current_term_start[member_id] = starts
                    break
                starts = ends + timedelta(days=1)
            for course_id in rng.sample(course_ids, rng.randint(6, 14)):
                course = course_of[course_id]
                if course["ends_on"] >= certified:
                    claims.append(dict(member_id=member_id, activity_id=course_id, category_id=course["category_id"],
                                       hours=course["hours"], completed_on=course["ends_on"], claimed_at=stamp))
            attended = [a for a, e in zip(event_ids, events) if e["starts_on"] >= certified
                        and rng.random() < (0.2 if a == event_ids[-1] else 0.12)]
            for activity_id in attended:
                total = Decimal(0)
                submit = activity_id != event_ids[-1] or rng.random() < 0.5
                for day_id in days_of[activity_id]:
                    registrations.append(dict(member_id=member_id, event_day_id=day_id, source="import",
                                              imported_at=stamp))
                    if submit or rng.random() < 0.7:
                        credits = Decimal(rng.randint(8, 32)) / 4
                        total += credits
                        saves.append(dict(member_id=member_id, event_day_id=day_id, credits=credits,
                                          saved_at=stamp, submission=(member_id, activity_id) if submit else None))
                if submit:
                    submissions.append(dict(member_id=member_id, activity_id=activity_id, total=total,
                                            submitted_at=stamp))
        bulk(session, Member, members)
        bulk(session, RoleGrant, grants)
        first_term = next_id(session, CertificationTerm)
        bulk(session, CertificationTerm, terms)
        bulk(session, CreditClaim, claims)
        bulk(session, Registration, registrations)
        first_submission = next_id(session, EventSubmission)
        bulk(session, EventSubmission, submissions)
        submission_id = {(s["member_id"], s["activity_id"]): first_submission + i for i, s in enumerate(submissions)}
        bulk(session, DayCredit, [dict(s, submission_id=submission_id.get(s.pop("submission"))) for s in saves])

        # Renewal applications waiting for headquarters, on members' current terms.
        term_id = {(t["member_id"], t["starts_on"]): first_term + i for i, t in enumerate(terms)}
        queued = rng.sample(member_ids, args.queue)
        bulk(session, RenewalApplication, [dict(member_id=m, term_id=term_id[(m, current_term_start[m])],
                                                submitted_at=stamp - timedelta(minutes=i), attested_at=stamp,
                                                fee_cents=15000, currency="USD")
                                           for i, m in enumerate(queued)])

        # Renewals headquarters verified: every past term that ended in the last two years, verified a few
        # weeks after its end; the Board's audit sample draws from them.
        verified = [dict(member_id=t["member_id"], term_id=first_term + i, status=RenewalStatus.VERIFIED,
                         submitted_at=datetime.combine(t["ends_on"] - timedelta(days=60), datetime.min.time(),
                                                       timezone.utc), attested_at=stamp, fee_cents=15000,
                         currency="USD", fee_reference=f"B-{i}", payment_method="recorded by staff",
                         paid_at=stamp, verified_by=staff.id,
                         verified_at=datetime.combine(t["ends_on"] - timedelta(days=rng.randrange(1, 50)),
                                                      datetime.min.time(), timezone.utc).replace(hour=15))
                    for i, t in enumerate(terms)
                    if t["status"] is TermStatus.RENEWED and today - timedelta(days=730) <= t["ends_on"] < today]
        bulk(session, RenewalApplication, verified)
        board = add_member(session, NewMember("Board Chair", "board@example.test", "board", (Role.BOARD,)),
                           password=None, actor_id=None)
        session.flush()
        board_actor = load_actor(session, board.id)

        # Two new conventions in three and six weeks, for the imports.
        upcoming = []
        for title, weeks in (("Annual Convention", 3), ("Winter Symposium", 6)):
            activity = Activity(kind=ActivityKind.EVENT, title=title, provider="AMI",
                                starts_on=today + timedelta(weeks=weeks),
                                ends_on=today + timedelta(weeks=weeks, days=2),
                                category_id=events[0]["category_id"])
            session.add(activity)
            session.flush()
            session.add_all(EventDay(activity_id=activity.id, day=activity.starts_on + timedelta(days=i),
                                     max_credits=Decimal(8)) for i in range(3))
            upcoming.append(activity)
        session.commit()
        counts = {"members": len(members), "terms": len(terms), "course claims": len(claims),
                  "event registrations": len(registrations), "saved days": len(saves),
                  "submissions": len(submissions), "renewals queued": len(queued),
                  "renewals verified": len(verified)}
        active = [m for m, row in zip(member_ids, members) if row["is_active"]]
        return dict(staff=staff_actor, board=board_actor, member_ids=active, convention=event_ids[-1],
                    upcoming=[(a.id, [a.starts_on + timedelta(days=i) for i in range(3)]) for a in upcoming],
                    numbers=[m["member_number"] for m in members if m["is_active"]], counts=counts)


def timed(engine: Engine, work: Callable[[Session], object]) -> tuple[float, object]:
    """One unit of work as the app's ``unit_of_work`` runs it; seconds and the result."""
    start = time.perf_counter()
    with Session(engine, expire_on_commit=False) as session:
        try:
            result = work(session)
            session.commit()
        except BaseException:
            session.rollback()
            raise
    return time.perf_counter() - start, result


def registrations_of(engine: Engine, activity_id: int) -> int:
    with Session(engine) as session:
        return session.execute(select(func.count(Registration.id))
                               .join(EventDay, EventDay.id == Registration.event_day_id)
                               .where(EventDay.activity_id == activity_id)).scalar()


def import_rows(engine: Engine, staff: Actor, activity_id: int, csv_text: str, now: datetime,
                label: str) -> list[str]:
    """One import in one unit of work, commit included; refusals are timed too and must add nothing."""
    before = registrations_of(engine, activity_id)
    start = time.perf_counter()
    try:
        _, report = timed(engine, lambda s: registration_import.import_registrations(
            session=s, actor=staff, activity_id=activity_id, csv_text=csv_text, now=now))
        outcome = f"added {report.added:,}"
    except DomainError as error:
        outcome = f"refused: {error.message.splitlines()[0][:48]}"
    seconds = time.perf_counter() - start
    after = registrations_of(engine, activity_id)
    if outcome.startswith("refused") and after != before:
        raise SystemExit(f"A refused import changed the registrations ({before} -> {after}).")
    return [f"{label}: {outcome}", "1", f"{seconds * 1000:,.0f}", "", "", "", "<= 10 s"]


def imports(engine: Engine, staff: Actor, society: dict, lines: int, now: datetime) -> list[list[str]]:
    """The registration CSV: as the app ships (its row limit), and with that limit lifted in this process."""
    (shipped, shipped_days), (lifted, lifted_days) = society["upcoming"]

    def csv_for(days: list[date], count: int) -> tuple[str, list]:
        pairs = [(n, d) for n in society["numbers"] for d in days][:count]
        return "member_id,day\n" + "".join(f"{n},{d.isoformat()}\n" for n, d in pairs), pairs

    bad_line = "999999999,2001-01-01\n"
    lines = min(lines, 3 * len(society["numbers"]))  # one line per active member and day
    limit = registration_import.MAX_IMPORT_ROWS
    full, pairs = csv_for(shipped_days, lines)
    print(f"CSV: {len(pairs):,} lines, {len(full.encode()) / 1e6:.2f} MB, {len({n for n, _ in pairs}):,} attendees; "
          f"the app's import limit: {limit:,} rows, {registration_import.MAX_IMPORT_BYTES / 2**20:.0f} MiB")
    at_limit, _ = csv_for(shipped_days, min(lines, limit))
    last_bad, _ = csv_for(shipped_days, min(lines, limit) - 1)
    rows = []
    if lines > limit:
        rows.append(import_rows(engine, staff, shipped, full, now, f"CSV {lines:,} lines (as shipped)"))
    rows += [import_rows(engine, staff, shipped, last_bad + bad_line, now,
                         f"CSV {min(lines, limit):,} lines, the last one bad (as shipped)"),
             import_rows(engine, staff, shipped, at_limit, now, f"CSV {min(lines, limit):,} lines (as shipped)")]
    rows.append(visible(engine, society, pairs[min(lines, limit) - 1][0], shipped))
    if lines > limit:
        registration_import.MAX_IMPORT_ROWS = lines  # what raising the limit would give; only in this process
        try:
            last_bad, _ = csv_for(lifted_days, lines - 1)
            full, pairs = csv_for(lifted_days, lines)
            rows += [import_rows(engine, staff, lifted, last_bad + bad_line, now,
                                 f"CSV {lines:,} lines, the last one bad (limit lifted)"),
                     import_rows(engine, staff, lifted, full, now, f"CSV {lines:,} lines (limit lifted)")]
            rows.append(visible(engine, society, pairs[-1][0], lifted))
        finally:
            registration_import.MAX_IMPORT_ROWS = limit
    return rows


def visible(engine: Engine, society: dict, number: str, activity_id: int) -> list[str]:
    """The last imported attendee's CME list, in the next unit of work after the import's commit."""
    with Session(engine, expire_on_commit=False) as session:
        member_id = session.execute(select(Member.id).where(Member.member_number == number)).scalar()
        attendee = load_actor(session, member_id)
    seconds, lines = timed(engine, lambda s: cme.my_events(session=s, actor=attendee,
                                                          now=datetime.now(timezone.utc)))
    seen = any(line.activity_id == activity_id for line in lines)
    return [f"  the attendee's event list right after: {'shows it' if seen else 'MISSING'}", "1",
            f"{seconds * 1000:.2f}", "", "", "", "at once"]


def board_views(engine: Engine, chair: Actor, member_ids: list[int], now: datetime) -> list[list[str]]:
    """The Board of Certification's views over every certificant.

    The service keeps the judged society until something it counts changes, so the first view after a
    change reads everything (timed separately, 3 runs) and the views after it reuse it (5 runs each).
    """
    today = local_date(CMI, now)
    year_ago = (today - timedelta(days=365)).isoformat()
    with Session(engine) as session:
        quarter = board_cohorts.cohorts(session=session, actor=chair, now=now)[2].quarter
    drawn = timed(engine, lambda s: audit_sample.draw_sample(session=s, actor=chair, verified_from=year_ago,
                                                             verified_to=today.isoformat(), size=50, now=now))[1]
    views = [
        ("board: cohorts by term end (every certificant)", lambda s: board_cohorts.cohorts(session=s, actor=chair, now=now)),
        ("board: the page (cohorts + first 200 of the list)",
         lambda s: board_cohorts.board_view(session=s, actor=chair, now=now)),
        (f"board: list filtered ({quarter}, at risk)",
         lambda s: board_cohorts.certificant_list(session=s, actor=chair, now=now, quarter=quarter, status="at risk")),
        ("board: CSV export (every certificant)", lambda s: board_cohorts.certificants_csv(session=s, actor=chair, now=now)),
        ("board: draw an audit sample of 50 (last year)",
         lambda s: audit_sample.draw_sample(session=s, actor=chair, verified_from=year_ago,
                                            verified_to=today.isoformat(), size=50, now=now)),
        ("board: the audit samples page", lambda s: audit_sample.samples(session=s, actor=chair)),
        ("board: one evidence pack (zip)",
         lambda s: audit_sample.evidence_pack(session=s, actor=chair, sample_id=drawn.id,
                                              application_id=drawn.application_ids[0], now=now,
                                              society_name="AMI")),
    ]
    rows = []
    board_society.forget()  # the very first view: every certificant read, every set of hours judged
    first = timed(engine, lambda s: board_cohorts.cohorts(session=s, actor=chair, now=now))[0]
    rows.append(["board: cohorts, the first view (reads and judges all)", "1", f"{first * 1000:.2f}", "", "",
                 f"{first * 1000:.0f}", "< 1 s"])
    def record_credit(session: Session, n: int) -> None:
        """A member records a course: a new claim row and its audit row, as ``claims.claim_course`` writes."""
        art = session.execute(select(Category.id).where(Category.name == "Art")).scalar()
        course = Activity(kind=ActivityKind.COURSE, title=f"Bench course {n}", starts_on=today - timedelta(days=3),
                          ends_on=today - timedelta(days=3), hours=Decimal(2), category_id=art)
        session.add(course)
        session.flush()
        member_id = member_ids[n]
        session.add(CreditClaim(member_id=member_id, activity_id=course.id, category_id=art, hours=Decimal(2),
                                completed_on=course.ends_on))
        audit.record(session, actor_id=member_id, action="course_claimed", entity="activity", entity_id=course.id)

    after = []
    for n in range(3):  # the member's term is read and judged again; everyone else is kept
        timed(engine, lambda s, n=n: record_credit(s, n))
        after.append(timed(engine, lambda s: board_cohorts.cohorts(session=s, actor=chair, now=now))[0])
    rows.append(["board: cohorts, first view after a member records a credit", "3", *latency_cells(after),
                 f"{max(after) * 1000:.0f}", "< 1 s"])
    unknown = []
    for n in range(3):  # a change it cannot tie to a member (here an unknown audit action): everything again
        timed(engine, lambda s, n=n: audit.record(s, actor_id=None, action="bench_change", entity="bench",
                                                  entity_id=n))
        unknown.append(timed(engine, lambda s: board_cohorts.cohorts(session=s, actor=chair, now=now))[0])
    rows.append(["board: cohorts, first view after a change it cannot tie to a member", "3",
                 *latency_cells(unknown), f"{max(unknown) * 1000:.0f}", "< 1 s"])
    for name, work in views:
        seconds = [timed(engine, work)[0] for _ in range(5)]
        rows.append([name, "5", *latency_cells(seconds), f"{max(seconds) * 1000:.0f}", "< 1 s"])
    with Session(engine) as session:
        cohorts = board_cohorts.cohorts(session=session, actor=chair, now=now)
    totals = {s.value: sum(c.counts[s] for c in cohorts) for s in cohorts[0].counts}
    print(f"board: {sum(c.total for c in cohorts):,} certificants in {len(cohorts)} quarterly cohorts: "
          + ", ".join(f"{n:,} {s}" for s, n in totals.items()) + f"; sample drawn from {drawn.population:,} "
          f"verified renewals (seed {drawn.seed})")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=50_000)
    parser.add_argument("--queue", type=int, default=500, help="renewal applications waiting for headquarters")
    parser.add_argument("--rows", type=int, default=100_000, help="lines of the registration CSV")
    parser.add_argument("--samples", type=int, default=300, help="members whose progress page is timed")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--database-url", help="an EMPTY database instead of a temporary SQLite file")
    args = parser.parse_args()

    print_machine()
    scratch = None if args.database_url else tempfile.TemporaryDirectory(prefix="ce-bench-")
    engine = make_engine(args.database_url or f"sqlite:///{Path(scratch.name) / 'society.db'}")
    if inspect(engine).get_table_names():
        raise SystemExit(f"{engine.url.render_as_string()} already has tables; give an empty scratch database.")
    SQLModel.metadata.create_all(engine)
    now = datetime.now(timezone.utc)
    try:
        start = time.perf_counter()
        society = generate(engine, args, now)
        print(f"database: {engine.dialect.name}; generated in {time.perf_counter() - start:.1f} s (seed "
              f"{args.seed}): " + ", ".join(f"{v:,} {k}" for k, v in society["counts"].items()) + "\n")
        staff: Actor = society["staff"]
        rng = random.Random(args.seed)
        rows = []

        with Session(engine, expire_on_commit=False) as session:
            actors = [load_actor(session, m) for m in rng.sample(society["member_ids"], args.samples)]
        seconds = [timed(engine, lambda s, a=a: credit_record.credit_record(session=s, actor=a, now=now))[0]
                   for a in actors]
        rows.append(["progress page (credit_record), one member", f"{len(seconds)}", *latency_cells(seconds),
                     f"{max(seconds) * 1000:.2f}", "<= 20 ms"])

        for name, work in [
            ("staff: event completion (latest convention)",
             lambda s: events_completion.event_completion(session=s, actor=staff, activity_id=society["convention"],
                                                    now=now)),
            (f"staff: renewal verification queue ({args.queue})",
             lambda s: renewal_applications.verification_queue(session=s, actor=staff, now=now))]:
            seconds = [timed(engine, work)[0] for _ in range(5)]
            size = timed(engine, work)[1]
            size = len(size.rows) if hasattr(size, "rows") else len(size)
            rows.append([f"{name}: {size:,} rows", "5", *latency_cells(seconds), f"{max(seconds) * 1000:.0f}",
                         "<= 1 s"])

        rows += board_views(engine, society["board"], society["member_ids"], now)
        rows += imports(engine, staff, society, args.rows, now)
        print()
        print_table(["what (one unit of work each)", "runs", "p50 ms", "p95 ms", "p99 ms", "max ms", "target"], rows)
        print("\nregistrations in the database: " + ", ".join(
            f"event {a}: {registrations_of(engine, a):,}" for a, _ in society["upcoming"]))
    finally:
        if args.database_url:
            SQLModel.metadata.drop_all(engine)
        engine.dispose()
        if scratch:
            scratch.cleanup()


if __name__ == "__main__":
    main()
