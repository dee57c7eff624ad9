"""Pages pass what the browser sent on as text; ``services.inputs`` alone makes it a date, number or id (issue 11).

Each case here was a page's own parser before: the event form's dates and decimals ("٣" read as 3), the
new-request form's last day, the course list's ``str.isdigit()`` ("²" passed it).
"""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace

import pytest

from ce_tracker import db
from ce_tracker.pages import courses, request_form, staff_event_form
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


def test_r000_05_the_live_late_warning_does_not_wait_for_the_page_load(engine, units, monkeypatch):
    """The last day typed before the page's load was processed (a busy server, another worker) still warns.

    The warning used to compare with the day only ``load`` set, so it stayed silent when the change came first.
    """
    monkeypatch.setattr(db, "get_engine", lambda: engine)
    with units() as session:
        actor = f.person(session)
    state = SimpleNamespace(_today="", _earliest_end="", end_refused=False, end_warning="", error="",
                            categories=[], _actor=lambda session: actor, _to_login=lambda: "to login")
    ended = (date.today() - timedelta(days=3)).isoformat()
    _chained(state, request_form.NewRequestState.note_end.fn(state, ended))  # no load before it
    assert not state.end_refused and "already ended" in state.end_warning
    assert [c["label"] for c in state.categories] and state._today  # the choices came with it
    state.end_warning = ""
    assert request_form.NewRequestState.note_end.fn(state, ended) is None  # loaded: no database work again
    assert "already ended" in state.end_warning


def test_the_live_late_warning_loads_nothing_for_what_is_no_date_yet():
    state = SimpleNamespace(_today="", _earliest_end="", end_refused=True, end_warning="x")
    assert request_form.NewRequestState.note_end.fn(state, "2026-0") is None
    assert (state.end_refused, state.end_warning) == (False, "")
