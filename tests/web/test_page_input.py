"""Pages pass what the browser sent on as text; ``services.inputs`` alone makes it a date, number or id.

Each case here was a page's own parser before: the event form's dates and decimals ("٣" read as 3), the
new-request form's last day, the course list's ``str.isdigit()`` ("²" passed it).
"""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace

import pytest

from ce_tracker import db
from ce_tracker.pages.approvals import request_form
from ce_tracker.pages.courses import courses
from ce_tracker.pages.events import staff_event_form
from ce_tracker.services.errors import Invalid
from tests.utils import factories as f

EVENT = {"title": "Anatomy day", "provider": "AMI", "location": "Online", "starts_on": "2026-11-10",
         "ends_on": "2026-11-11", "increment": "0.25", "default_max": "8", "category": "", "designation": "",
         "days": ""}


def test_the_event_form_passes_its_dates_and_numbers_on_as_typed():
    form = staff_event_form.parse_event(EVENT)
    assert (form.starts_on, form.ends_on, form.increment) == ("2026-11-10", "2026-11-11", "0.25")
    assert len(form.days) == 2


@pytest.mark.parametrize("typed", ["٣", "３", "²"])
def test_unicode_digits_in_the_event_form_get_the_same_message_as_letters(typed):
    def message(value: str) -> str:
        with pytest.raises(Invalid) as refused:
            staff_event_form.parse_event(EVENT | {"days": f"2026-11-10 {value}"})
        return refused.value.message
    assert message(typed) == message("abc") == (
        "Days, line 1: enter the maximum credits as a number, e.g. 2026-11-10 7.5.")


def test_a_category_that_is_no_id_is_refused_not_dropped():
    with pytest.raises(Invalid, match="Choose a credit category"):
        staff_event_form.parse_event(EVENT | {"category": "٣"})


@pytest.mark.parametrize("sent, shown", [("12", "12"), ("²", ""), ("١٢", ""), ("-1", ""), (["1"], "")])
def test_open_claim_shows_the_form_only_for_an_id(sent, shown):
    state = SimpleNamespace(claiming="old", error="e", message="m")
    courses.CoursesState.open_claim.fn(state, sent)
    assert state.claiming == shown


@pytest.mark.parametrize("typed", ["٢٠٢٦-٠٩-٠١", "２０２６-09-01"])
def test_r000_05_the_live_late_warning_reads_unicode_digits_as_no_date(typed):
    state = SimpleNamespace(_today="2026-10-08", _earliest_end="2026-09-08", end_refused=True, end_warning="x")
    request_form.NewRequestState.note_end.fn(state, typed)
    assert (state.end_refused, state.end_warning) == (False, "")
    request_form.NewRequestState.note_end.fn(state, "2026-09-01")
    assert state.end_refused and "more than 30 days ago" in state.end_warning


def _chained(state, result) -> None:
    """Run what a handler returned as the event processor would: each chained handler of the page, in turn."""
    for spec in result if isinstance(result, list) else [result] if result is not None else []:
        _chained(state, spec.handler.fn(state, *(value._var_value for _, value in spec.args)))


@pytest.fixture
def fresh_form(engine, units, monkeypatch):
    """A new-request state as a new tab has it (no load yet), for a signed-in member on a real database."""
    monkeypatch.setattr(db, "get_engine", lambda: engine)
    with units() as session:
        actor = f.person(session)
    return SimpleNamespace(_today="", _earliest_end="", _typed_end="", end_refused=False, end_warning="",
                           error="", categories=[], _actor=lambda session: actor, _to_login=lambda: "to login")


FORM = request_form.NewRequestState
ENDED = (date.today() - timedelta(days=3)).isoformat()  # local_date may be a day off UTC's: 3 days is past anyway


def _shown(state) -> bool:
    return not state.end_refused and "already ended" in state.end_warning


def test_r000_05_the_live_late_warning_does_not_wait_for_the_page_load(fresh_form):
    """The last day typed before the page's load was handled (a busy server, another worker) still warns.

    The warning used to compare with the day only ``load`` set, so it stayed silent when the change came first.
    """
    state = fresh_form
    _chained(state, FORM.note_end.fn(state, ENDED))  # no load before it
    assert _shown(state)
    assert [c.label for c in state.categories] and state._today  # the choices came with it
    state.end_warning = ""
    assert FORM.note_end.fn(state, ENDED) is None  # loaded: no database work again
    assert _shown(state)


@pytest.mark.parametrize("order", ["load, change", "change, its load, page load", "change, page load, its load"])
def test_r000_05_the_live_late_warning_whatever_order_the_events_are_handled_in(fresh_form, order):
    """The page's load, the change and what the change asks for, in each order a server may handle them: the
    page's load must not wipe a warning that the change (or its own load) has already given."""
    state = fresh_form
    FORM.new_form.fn(state)  # the form appears (on_mount): always before anything typed into it
    if order == "load, change":
        FORM.load.fn(state)
        _chained(state, FORM.note_end.fn(state, ENDED))
    else:
        its_load = FORM.note_end.fn(state, ENDED)
        assert its_load is not None, "the change asks for the choices"
        if order == "change, its load, page load":
            _chained(state, its_load)
            FORM.load.fn(state)
        else:
            FORM.load.fn(state)
            _chained(state, its_load)
    assert _shown(state)


def test_r000_05_a_warning_from_an_earlier_visit_is_not_shown_on_a_new_form(fresh_form):
    state = fresh_form
    FORM.new_form.fn(state)
    FORM.load.fn(state)
    _chained(state, FORM.note_end.fn(state, ENDED))
    assert _shown(state)
    FORM.new_form.fn(state)  # the member comes back to the form: it is empty again
    FORM.load.fn(state)
    assert (state.end_warning, state.end_refused) == ("", False)


def test_the_live_late_warning_loads_nothing_for_what_is_no_date_yet():
    state = SimpleNamespace(_today="", _earliest_end="", end_refused=True, end_warning="x")
    assert request_form.NewRequestState.note_end.fn(state, "2026-0") is None
    assert (state.end_refused, state.end_warning) == (False, "")
