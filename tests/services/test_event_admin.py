"""Live events as headquarters staff run them: setup, edits, registration import, completion."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import func
from sqlmodel import select

from ce_tracker.models import (
    Activity,
    ActivityKind,
    AuditEntry,
    DayCredit,
    EventDay,
    EventSubmission,
    Member,
    Registration,
    Role,
)
from ce_tracker.services.errors import Conflict, Invalid, NotAllowed, NotFound
from ce_tracker.services.events import admin, cme, registration_import
from ce_tracker.services.events import completion as events_completion
from ce_tracker.services.events.admin import DayForm, EventForm
from ce_tracker.services.events.registration_import import ImportRejected
from tests.utils import factories as f

END = date(2026, 10, 10)
DAYS = (date(2026, 10, 8), date(2026, 10, 9), date(2026, 10, 10))
NOW = f.at(date(2026, 9, 1))
AFTER = f.at(date(2026, 10, 12))


def make_form(**changes) -> EventForm:
    form = EventForm(title="Annual Convention", provider="AMI", location="Denver, CO", starts_on=DAYS[0],
                     ends_on=DAYS[-1], increment=Decimal("0.25"),
                     designation="Designated for a maximum of 24 CE credits.", category_id=None,
                     days=tuple(DayForm(d, Decimal("8")) for d in DAYS))
    return replace(form, **changes)


def counts(session) -> dict[str, int]:
    """How many rows each table a staff function could touch holds."""
    return {model.__name__: session.exec(select(func.count()).select_from(model)).one()
            for model in (Activity, EventDay, Registration, DayCredit, EventSubmission, AuditEntry)}


def audits(session, action: str) -> list[AuditEntry]:
    return list(session.exec(select(AuditEntry).where(AuditEntry.action == action)))


def registrations(session, activity) -> set[tuple[int, date]]:
    return set(session.exec(select(Registration.member_id, EventDay.day)
                            .join(EventDay, EventDay.id == Registration.event_day_id)
                            .where(EventDay.activity_id == activity.id)).all())


def csv_of(*lines: str) -> str:
    return "\n".join(lines) + "\n"


def number(session, actor) -> str:
    return session.get(Member, actor.member_id).member_number


def create(session, staff, form=None, now=NOW):
    return admin.create_event(session=session, actor=staff, form=form or make_form(), now=now)


def update(session, staff, activity, form, now=NOW):
    return admin.update_event(session=session, actor=staff, activity_id=activity.id, form=form, now=now)


def do_import(session, staff, activity, text, now=NOW):
    return registration_import.import_registrations(session=session, actor=staff, activity_id=activity.id,
                                                    csv_text=text, now=now)


# --- creating an event -------------------------------------------------------------------------------------

def test_create_event_stores_the_event_and_its_days(session, staff):
    category = f.category(session, "Biomedical")
    activity = create(session, staff, make_form(title="  Annual   Convention ", category_id=category.id,
                                                increment=Decimal("0.5"),
                                                days=(DayForm(DAYS[2], Decimal("4.5")),
                                                      DayForm(DAYS[0], Decimal("8")))))
    assert activity.id and activity.kind is ActivityKind.EVENT and activity.title == "Annual Convention"
    assert activity.category_id == category.id and activity.increment == Decimal("0.5")
    assert [(d.day, d.max_credits) for d in f.event_days(session, activity)] == \
        [(DAYS[0], Decimal("8.00")), (DAYS[2], Decimal("4.50"))]
    entry = audits(session, "event_created")[0]
    assert entry.actor_id == staff.member_id and entry.entity_id == activity.id and entry.detail["days"] == "2"


def test_create_event_accepts_the_boundaries(session, staff):
    activity = create(session, staff, make_form(title="CME", starts_on=END, ends_on=END, increment=Decimal("1"),
                                                designation="x" * 2000, days=(DayForm(END, Decimal("24")),)))
    assert f.event_days(session, activity)[0].max_credits == Decimal("24.00")


@pytest.mark.parametrize("changes, message", [
    ({"title": "ab"}, "title of 3 to 200"),
    ({"title": "   a   \n "}, "title of 3 to 200"),
    ({"title": "x" * 201}, "at most 200"),
    ({"provider": "x" * 201}, "provider can be at most 200"),
    ({"starts_on": date(2026, 10, 11), "days": (DayForm(date(2026, 10, 11), Decimal(8)),)}, "end before it starts"),
    ({"ends_on": date(2026, 10, 9)}, "October 10, 2026 is outside the event's dates"),
    ({"days": (DayForm(date(2026, 10, 7), Decimal(8)),)}, "October 7, 2026 is outside"),
    ({"days": (DayForm(DAYS[0], Decimal(8)), DayForm(DAYS[0], Decimal(4)))}, "October 8, 2026 is listed twice"),
    ({"days": ()}, "at least one day"),
    ({"days": (DayForm(DAYS[0], Decimal(0)),)}, "more than 0 and at most 24"),
    ({"days": (DayForm(DAYS[0], Decimal("-1")),)}, "more than 0 and at most 24"),
    ({"days": (DayForm(DAYS[0], Decimal("24.25")),)}, "more than 0 and at most 24"),
    ({"days": (DayForm(DAYS[0], Decimal("7.3")),)}, "steps of 0.25"),
    ({"increment": Decimal("1"), "days": (DayForm(DAYS[0], Decimal("7.5")),)}, "steps of 1"),
    ({"days": (DayForm(DAYS[0], Decimal("NaN")),)}, "as a number"),
    ({"days": (DayForm(DAYS[0], 7.5),)}, "as a number"),
    ({"increment": Decimal("0.3")}, "0.25, 0.5 or 1"),
    ({"increment": Decimal("2")}, "0.25, 0.5 or 1"),
    ({"designation": "x" * 2001}, "at most 2000"),
    ({"category_id": 999_999}, "credit category"),
    ({"starts_on": datetime(2026, 10, 8, 9)}, "as a date"),
])
def test_create_event_refuses_bad_forms_and_stores_nothing(session, staff, changes, message):
    before = counts(session)
    with pytest.raises(Invalid, match=message):
        create(session, staff, make_form(**changes))
    assert counts(session) == before


# --- editing an event --------------------------------------------------------------------------------------

@pytest.fixture
def convention(session, staff):
    return create(session, staff)


def test_event_form_prefills_the_edit_page_and_saving_it_unchanged_is_a_no_op(session, staff, convention):
    form = admin.event_form(session=session, actor=staff, activity_id=convention.id)
    assert form == replace(make_form(), days=tuple(DayForm(d, Decimal("8.00")) for d in DAYS))
    update(session, staff, convention, form)
    assert audits(session, "event_updated") == []


def test_event_form_of_a_missing_event_is_not_found(session, staff):
    course = Activity(kind=ActivityKind.COURSE, title="A course", starts_on=END, ends_on=END, hours=Decimal(1))
    session.add(course)
    session.flush()
    for activity_id in (999_999, course.id, "1", None, True):
        with pytest.raises(NotFound):
            admin.event_form(session=session, actor=staff, activity_id=activity_id)


def test_update_adds_a_day_changes_a_maximum_and_removes_an_unused_day(session, staff, convention):
    form = make_form(title="Annual Convention 2026", ends_on=date(2026, 10, 11),
                     days=(DayForm(DAYS[0], Decimal("6")), DayForm(DAYS[1], Decimal("8")),
                           DayForm(date(2026, 10, 11), Decimal("4"))))
    kept_id = f.event_days(session, convention)[1].id
    update(session, staff, convention, form)
    session.expire_all()
    days = f.event_days(session, convention)
    assert [(d.day, d.max_credits) for d in days] == \
        [(DAYS[0], Decimal("6.00")), (DAYS[1], Decimal("8.00")), (date(2026, 10, 11), Decimal("4.00"))]
    assert days[1].id == kept_id
    activity = session.get(Activity, convention.id)
    assert activity.title == "Annual Convention 2026" and activity.ends_on == date(2026, 10, 11)
    entry = audits(session, "event_updated")[0]
    assert entry.detail["days_added"] == "2026-10-11" and entry.detail["days_removed"] == "2026-10-10"
    assert entry.detail["days_changed"] == "2026-10-08" and "title" in entry.detail["fields"]


@pytest.fixture
def saved(session, staff, convention):
    """A member registered for every day of the convention who saved 6 credits on its first day."""
    member = f.account(session)
    f.register(session, member, *f.event_days(session, convention))
    cme.save_day(session=session, actor=member, event_day_id=f.event_days(session, convention)[0].id,
                 value="6", now=AFTER)
    return member


def test_update_refuses_removing_a_day_with_saved_credits(session, staff, convention, saved):
    before = counts(session)
    with pytest.raises(Conflict, match="October 8, 2026 cannot be removed"):
        update(session, staff, convention, make_form(days=tuple(DayForm(d, Decimal(8)) for d in DAYS[1:])))
    assert counts(session) == before and len(f.event_days(session, convention)) == 3


def test_update_refuses_removing_a_day_with_registrations(session, staff, convention):
    f.register(session, f.account(session), f.event_days(session, convention)[2])
    with pytest.raises(Conflict, match="October 10, 2026 cannot be removed"):
        update(session, staff, convention, make_form(days=tuple(DayForm(d, Decimal(8)) for d in DAYS[:2])))


def test_update_refuses_lowering_a_maximum_below_a_saved_credit(session, staff, convention, saved):
    lowered = make_form(days=(DayForm(DAYS[0], Decimal("5.75")),) + make_form().days[1:])
    with pytest.raises(Conflict, match=r"already saved 6.00 credits for October 8, 2026"):
        update(session, staff, convention, lowered)
    session.expire_all()
    assert f.event_days(session, convention)[0].max_credits == Decimal("8.00")
    update(session, staff, convention, make_form(days=(DayForm(DAYS[0], Decimal("6")),) + make_form().days[1:]))
    session.expire_all()
    assert f.event_days(session, convention)[0].max_credits == Decimal("6.00")


def test_update_refuses_changing_the_increment_once_credits_are_saved(session, staff, convention, saved):
    with pytest.raises(Conflict, match="increment"):
        update(session, staff, convention, make_form(increment=Decimal("0.5")))
    assert session.get(Activity, convention.id).increment == Decimal("0.25")


def test_update_may_change_the_increment_before_any_credit_is_saved(session, staff, convention):
    update(session, staff, convention, make_form(increment=Decimal("1")))
    assert session.get(Activity, convention.id).increment == Decimal("1")


def test_update_refuses_every_change_but_the_designation_after_a_submit(session, staff, convention, saved):
    for day in f.event_days(session, convention)[1:]:
        cme.save_day(session=session, actor=saved, event_day_id=day.id, value="0", now=AFTER)
    cme.submit_event(session=session, actor=saved, activity_id=convention.id, now=AFTER)
    for changes in ({"title": "Renamed Convention"}, {"location": "Boston, MA"},
                    {"days": (DayForm(DAYS[0], Decimal("8")), DayForm(DAYS[1], Decimal("10")), make_form().days[2])},
                    {"category_id": f.category(session, "Biomedical").id}):
        with pytest.raises(Conflict, match="already submitted"):
            update(session, staff, convention, make_form(**changes))
    update(session, staff, convention, make_form(designation="Designated for 20 CE credits."))
    activity = session.get(Activity, convention.id)
    assert activity.designation == "Designated for 20 CE credits." and activity.title == "Annual Convention"
    assert audits(session, "event_updated")[0].detail["fields"] == "designation"


def test_update_validates_the_form_like_create(session, staff, convention):
    with pytest.raises(Invalid, match="at least one day"):
        update(session, staff, convention, make_form(days=()))
    with pytest.raises(NotFound):
        admin.update_event(session=session, actor=staff, activity_id=999_999, form=make_form(), now=NOW)


# --- importing registrations -------------------------------------------------------------------------------

@pytest.fixture
def attendees(session):
    return [f.account(session, name=name) for name in ("Carla Diaz", "Ann Baker", "Ben Adams")]


def test_import_registers_members_with_aliases_extra_columns_and_us_dates(session, staff, convention, attendees):
    a, b, c = (number(session, p) for p in attendees)
    text = csv_of("First Name,Member ID,Badge,Date",
                  f"Carla,{a},17,2026-10-08",
                  f"Carla,{a},17,10/09/2026",
                  f'"Baker, Ann",{b},18,10/8/2026',
                  f"Ben, {c} ,19, 2026-10-10 ")
    report = do_import(session, staff, convention, text)
    assert report == registration_import.ImportReport(added=4, already_registered=0, members=3)
    assert registrations(session, convention) == {
        (attendees[0].member_id, DAYS[0]), (attendees[0].member_id, DAYS[1]),
        (attendees[1].member_id, DAYS[0]), (attendees[2].member_id, DAYS[2])}
    assert {r.source for r in session.exec(select(Registration))} == {"import"}
    entry = audits(session, "registrations_imported")
    assert len(entry) == 1 and entry[0].entity_id == convention.id
    assert entry[0].detail == {"rows": "4", "added": "4", "already_registered": "0", "members": "3"}


def test_import_header_names_are_case_insensitive_and_a_bom_is_ignored(session, staff, convention, attendees):
    text = "\ufeffMEMBER_ID,Day\r\n" + f"{number(session, attendees[0])},2026-10-09\r\n\r\n"
    assert do_import(session, staff, convention, text).added == 1


def test_import_counts_duplicates_of_existing_registrations_and_repeated_rows(session, staff, convention, attendees):
    a, b = number(session, attendees[0]), number(session, attendees[1])
    do_import(session, staff, convention, csv_of("member_id,day", f"{a},2026-10-08"))
    report = do_import(session, staff, convention, csv_of("member_id,day", f"{a},2026-10-08", f"{a},10/08/2026",
                                                          f"{b},2026-10-09", f"{b},2026-10-09"))
    assert report == registration_import.ImportReport(added=1, already_registered=3, members=2)
    assert len(registrations(session, convention)) == 2
    assert len(audits(session, "registrations_imported")) == 2


def test_import_with_two_bad_rows_reports_both_lines_and_imports_nothing(session, staff, convention, attendees):
    a, b = number(session, attendees[0]), number(session, attendees[1])
    text = csv_of("member_id,day", f"{a},2026-10-08", "999999,2026-10-08", f"{b},2026-10-09", f"{b},2026-10-11")
    before = counts(session)
    with pytest.raises(ImportRejected) as caught:
        do_import(session, staff, convention, text)
    assert [line for line, _ in caught.value.problems] == [3, 5]
    assert "No member has the ID '999999'" in caught.value.problems[0][1]
    assert "October 11, 2026 is not a day of this event" in caught.value.problems[1][1]
    assert "2 rows have problems (lines 3, 5); nothing was imported" in str(caught.value)
    assert isinstance(caught.value, Invalid)
    assert counts(session) == before


@pytest.mark.parametrize("row, message", [
    ("999999,2026-10-08", "No member has the ID '999999'"),
    ("{inactive},2026-10-08", "inactive account"),
    ("{a},2026-10-07", "October 7, 2026 is not a day of this event"),
    ("{a},2026-13-08", "'2026-13-08' is not a date"),
    ("{a},10-08-2026", "'10-08-2026' is not a date"),
    ("{a},02/30/2026", "'02/30/2026' is not a date"),
    ("{a},October 8", "'October 8' is not a date"),
    ("{a},", "The day is blank"),
    ("{a}", "The day is blank"),
    (",2026-10-08", "The member ID is blank"),
    ("  ,  ", None),  # a line of blanks is no row at all: the file then holds no registrations
])
def test_import_reports_each_kind_of_bad_row_with_its_line(session, staff, convention, attendees, row, message):
    inactive = f.account(session)
    session.get(Member, inactive.member_id).is_active = False
    session.flush()
    row = row.format(a=number(session, attendees[0]), inactive=number(session, inactive))
    text = csv_of("member_id,day", row)
    before = counts(session)
    if message is None:
        with pytest.raises(Invalid, match="no registrations"):
            do_import(session, staff, convention, text)
    else:
        with pytest.raises(ImportRejected) as caught:
            do_import(session, staff, convention, text)
        assert len(caught.value.problems) == 1
        line, problem = caught.value.problems[0]
        assert line == 2 and message in problem
    assert counts(session) == before


@pytest.mark.parametrize("header, message", [
    ("member,day", "no member_id (or Member ID) column"),
    ("Member ID,when", "no day (or Date) column"),
    ("member_id,day,date", "more than one day"),
])
def test_import_refuses_a_file_without_the_required_header(session, staff, convention, attendees, header, message):
    with pytest.raises(ImportRejected) as caught:
        do_import(session, staff, convention, csv_of(header, f"{number(session, attendees[0])},2026-10-08"))
    assert caught.value.problems == ((1, caught.value.problems[0][1]),)
    assert message in caught.value.problems[0][1]
    assert registrations(session, convention) == set()


def test_import_refuses_an_empty_file(session, staff, convention):
    with pytest.raises(ImportRejected) as caught:
        do_import(session, staff, convention, "")
    assert caught.value.problems[0][0] == 1


def test_import_line_numbers_count_blank_lines_and_multiline_cells(session, staff, convention, attendees):
    a = number(session, attendees[0])
    text = csv_of("member_id,day,note", f'{a},2026-10-08,"two', 'lines"', "", f"{a},2026-10-31,x")
    with pytest.raises(ImportRejected) as caught:
        do_import(session, staff, convention, text)
    assert [line for line, _ in caught.value.problems] == [5]


def test_import_reports_a_line_that_is_not_csv(session, staff, convention, attendees):
    text = csv_of("member_id,day", f"{number(session, attendees[0])},2026-10-08", "1," + "x" * 200_000)
    with pytest.raises(ImportRejected) as caught:
        do_import(session, staff, convention, text)
    assert [line for line, _ in caught.value.problems] == [3]
    assert "cannot be read as CSV" in caught.value.problems[0][1]
    assert registrations(session, convention) == set()


def test_import_limits_are_100000_rows_in_8_mb():
    """The issue's largest convention file: 100,000 rows, with the extra columns real exports carry."""
    assert registration_import.MAX_IMPORT_ROWS == 100_000
    assert registration_import.MAX_IMPORT_BYTES == 8 * 1024 * 1024
    row = "1234567,2026-10-08,Alexandra Featherstone,a.featherstone@hospital.example.org\n"
    assert len(row) * (registration_import.MAX_IMPORT_ROWS + 1) < registration_import.MAX_IMPORT_BYTES


def test_import_refuses_a_file_one_byte_over_the_size_limit(session, staff, convention, attendees):
    a = number(session, attendees[0])
    head = f"member_id,day\n{a},2026-10-08\n"
    with pytest.raises(Invalid, match="larger than 8 MB"):
        do_import(session, staff, convention, head + "x" * (registration_import.MAX_IMPORT_BYTES - len(head) + 1))
    assert registrations(session, convention) == set()


def test_import_accepts_a_file_of_exactly_the_size_limit(session, staff, convention, attendees):
    a = number(session, attendees[0])
    head = f"member_id,day\n{a},2026-10-08\n"
    padding = registration_import.MAX_IMPORT_BYTES - len(head)
    blank = " " * 99_999 + "\n"  # lines of spaces are no rows; each stays under the csv module's field limit
    text = head + blank * (padding // len(blank)) + " " * (padding % len(blank))
    assert len(text.encode()) == registration_import.MAX_IMPORT_BYTES
    assert do_import(session, staff, convention, text).added == 1


def test_import_refuses_one_row_over_100000_before_reading_the_database(session, staff, convention, attendees):
    a = number(session, attendees[0])
    text = "member_id,day\n" + f"{a},2026-10-08\n" * 100_001
    with pytest.raises(Invalid, match="more than 100,000 rows; split it"):
        do_import(session, staff, convention, text)
    assert registrations(session, convention) == set()


@pytest.mark.parametrize("rows, refused", [(50, False), (51, True)])
def test_import_row_limit_boundary(session, staff, convention, attendees, monkeypatch, rows, refused):
    """The limit itself, made small: exactly the maximum is imported, one more row is refused whole."""
    monkeypatch.setattr(registration_import, "MAX_IMPORT_ROWS", 50)
    pairs = [(number(session, p), d) for p in attendees for d in ("2026-10-08", "2026-10-09", "2026-10-10")]
    text = "member_id,day\n" + "".join(f"{n},{d}\n" for n, d in (pairs * 10)[:rows])
    if refused:
        with pytest.raises(Invalid, match="more than 50 rows"):
            do_import(session, staff, convention, text)
        assert registrations(session, convention) == set()
    else:
        report = do_import(session, staff, convention, text)
        assert report.added + report.already_registered == 50
        assert report.added == len(registrations(session, convention)) == min(50, len(pairs))


def test_import_of_exactly_100000_rows_is_accepted(session, staff, convention, attendees):
    a = number(session, attendees[0])
    assert do_import(session, staff, convention, "member_id,day\n" + f"{a},2026-10-08\n" * 100_000) == \
        registration_import.ImportReport(added=1, already_registered=99_999, members=1)


def test_import_refuses_a_new_day_for_a_member_who_already_submitted(session, staff, convention, attendees):
    member = attendees[0]
    a = number(session, member)
    f.register(session, member, f.event_days(session, convention)[0])
    cme.save_day(session=session, actor=member, event_day_id=f.event_days(session, convention)[0].id,
                 value="4", now=AFTER)
    cme.submit_event(session=session, actor=member, activity_id=convention.id, now=AFTER)
    assert do_import(session, staff, convention, csv_of("member_id,day", f"{a},2026-10-08")).already_registered == 1
    with pytest.raises(ImportRejected, match="line 2"):
        do_import(session, staff, convention, csv_of("member_id,day", f"{a},2026-10-09"))


def test_r002_15_imported_registration_is_claimable_at_once(session, staff, attendees):
    activity = create(session, staff, make_form(category_id=f.category(session, "Biomedical").id))
    member = attendees[0]
    now = f.at(date(2026, 10, 11), hour=9)  # the morning after the event; no 72-hour wait
    do_import(session, staff, activity, csv_of("member_id,day", f"{number(session, member)},2026-10-09"),
              now=now)
    day = f.event_days(session, activity)[1]
    assert cme.save_day(session=session, actor=member, event_day_id=day.id, value="7.5", now=now) == \
        Decimal("7.50")
    assert cme.submit_event(session=session, actor=member, activity_id=activity.id, now=now).total == \
        Decimal("7.50")


# --- following completion ----------------------------------------------------------------------------------

def test_completion_counts_registered_saved_and_submitted_members(session, staff, convention, attendees):
    carla, ann, ben = attendees
    days = f.event_days(session, convention)
    f.register(session, carla, *days)
    f.register(session, ann, days[0], days[1])
    f.register(session, ben, days[2])
    for day, value in zip(days, ("8", "7.5", "0")):
        cme.save_day(session=session, actor=carla, event_day_id=day.id, value=value, now=AFTER)
    cme.submit_event(session=session, actor=carla, activity_id=convention.id, now=AFTER)
    cme.save_day(session=session, actor=ann, event_day_id=days[0].id, value="4", now=AFTER)
    cme.save_day(session=session, actor=ann, event_day_id=days[1].id, value="4", now=AFTER)
    other = create(session, staff, make_form(title="Other Event"))
    f.register(session, ben, f.event_days(session, other)[0])

    completion = events_completion.event_completion(session=session, actor=staff, activity_id=convention.id, now=AFTER)
    assert (completion.registered, completion.saved_every_day, completion.submitted) == (3, 2, 1)
    assert [(r.full_name, r.member_number, r.registered_days, r.saved_days, r.submitted_total)
            for r in completion.rows] == [
        ("Ann Baker", number(session, ann), 2, 2, None),
        ("Ben Adams", number(session, ben), 1, 0, None),
        ("Carla Diaz", number(session, carla), 3, 3, Decimal("15.50")),
    ]


def test_completion_of_an_event_without_registrations_is_empty(session, staff, convention):
    completion = events_completion.event_completion(session=session, actor=staff, activity_id=convention.id, now=AFTER)
    assert (completion.registered, completion.saved_every_day, completion.submitted, completion.rows) == \
        (0, 0, 0, ())


def test_list_events_most_recent_first_with_counts(session, staff, convention, attendees):
    later = create(session, staff, make_form(title="Fall Workshop", starts_on=date(2026, 11, 2),
                                             ends_on=date(2026, 11, 3),
                                             days=(DayForm(date(2026, 11, 2), Decimal(6)),)))
    days = f.event_days(session, convention)
    f.register(session, attendees[0], *days)
    f.register(session, attendees[1], days[0])
    for day in days:
        cme.save_day(session=session, actor=attendees[0], event_day_id=day.id, value="1", now=AFTER)
    cme.submit_event(session=session, actor=attendees[0], activity_id=convention.id, now=AFTER)
    course = Activity(kind=ActivityKind.COURSE, title="A course", starts_on=END, ends_on=END, hours=Decimal(1))
    session.add(course)
    session.flush()
    summaries = admin.list_events(session=session, actor=staff)
    assert summaries == [
        admin.EventSummary(later.id, "Fall Workshop", date(2026, 11, 2), date(2026, 11, 3), 1, 0, 0),
        admin.EventSummary(convention.id, "Annual Convention", DAYS[0], END, 3, 2, 1),
    ]


# --- staff only --------------------------------------------------------------------------------------------

CALLS = {
    "create_event": lambda s, actor, activity, text: admin.create_event(
        session=s, actor=actor, form=make_form(), now=NOW),
    "update_event": lambda s, actor, activity, text: admin.update_event(
        session=s, actor=actor, activity_id=activity.id, form=make_form(title="Hijacked"), now=NOW),
    "import_registrations": lambda s, actor, activity, text: registration_import.import_registrations(
        session=s, actor=actor, activity_id=activity.id, csv_text=text, now=NOW),
    "event_completion": lambda s, actor, activity, text: events_completion.event_completion(
        session=s, actor=actor, activity_id=activity.id, now=NOW),
    "list_events": lambda s, actor, activity, text: admin.list_events(session=s, actor=actor),
    "event_form": lambda s, actor, activity, text: admin.event_form(
        session=s, actor=actor, activity_id=activity.id),
}


@pytest.mark.parametrize("role", [Role.MEMBER, Role.REVIEWER])
@pytest.mark.parametrize("name", sorted(CALLS))
def test_only_staff_may_run_events(session, staff, convention, role, name):
    outsider = f.account(session, role)
    text = csv_of("member_id,day", f"{number(session, outsider)},2026-10-08")
    before = counts(session)
    with pytest.raises(NotAllowed):
        CALLS[name](session, outsider, convention, text)
    assert counts(session) == before
    session.expire_all()
    assert session.get(Activity, convention.id).title == "Annual Convention"


def test_staff_functions_work_inside_a_unit_of_work(units):
    with units() as session:
        staff = f.account(session, Role.STAFF)
        member = f.account(session)
        activity = create(session, staff)
        member_number = number(session, member)
    with units() as session:
        do_import(session, staff, activity, csv_of("member_id,day", f"{member_number},2026-10-08"))
    with pytest.raises(ImportRejected):
        with units() as session:
            do_import(session, staff, activity, csv_of("member_id,day", f"{member_number},2026-10-09", "x,y"))
    with units() as session:
        assert registrations(session, activity) == {(member.member_id, DAYS[0])}
        summaries = admin.list_events(session=session, actor=staff)
        assert summaries[0].registered_members == 1
