"""The submit's summary comes from the same rules as the record (R002-10, R000-13)."""

from __future__ import annotations

from datetime import date

from ce_tracker.services.events import cme
from ce_tracker.services.events.submit_preview import submit_preview
from tests.utils import factories as f

NOW = f.at(date(2026, 11, 25))


def test_r002_10_preview_counts_up_to_the_maximum_and_names_it(session):
    member = f.person(session, certified_on=date(2022, 1, 10))
    f.course_credit(session, member, "Biomedical", "18", date(2025, 1, 1))
    event = f.event(session, ends_on=date(2026, 11, 20), days=2)
    days = f.event_days(session, event)
    f.register(session, member, *days)
    for day in days:
        cme.save_day(session=session, actor=member, event_day_id=day.id, value="4", now=NOW)
    preview = submit_preview(session=session, actor=member, activity_id=event.id, now=NOW)
    assert preview.words == ("You are submitting 8 credits for 2 days. 3 will count toward your Certified Medical "
                             "Illustrator term; 5 will not count, because Biomedical reaches its 21 h maximum.")


def test_r002_10_an_event_outside_any_term_is_said_to_be_cme_only(session):
    member = f.person(session, certified_on=date(2026, 11, 22))
    event = f.event(session, ends_on=date(2026, 11, 20), days=1)
    f.register(session, member, *f.event_days(session, event))
    cme.save_day(session=session, actor=member, event_day_id=f.event_days(session, event)[0].id, value="2", now=NOW)
    preview = submit_preview(session=session, actor=member, activity_id=event.id, now=NOW)
    assert preview.effect is None and "fall in no CE term" in preview.words
