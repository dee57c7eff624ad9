"""What the approval email tells the member to do next, true on the day it is sent.

An approval published for all members joins Upcoming Courses (an unpublished one is the member's own, listed
nowhere), but the list shows a course only until its recording window from
the end date closes (R000-09; ``catalog.catalog`` queries ``ends_on >= today - window``). A request decided
after that, or for an activity already over, must not be told "it now appears in Upcoming Courses" or "after
completing it": the member would look for a course that is not there. The member's own window runs from the
approval when that is later (R000-08), so the request's page is always where the credit can be recorded.
"""

from __future__ import annotations

from datetime import date

from ce_tracker import formatting as fmt
from ce_tracker.rules import Program, recording_deadline


def listed_until(program: Program, ends_on: date) -> date:
    """The last day Upcoming Courses lists an activity ending on ``ends_on`` (R000-09)."""
    return recording_deadline(program, ends_on)


def after_approval(program: Program, *, ends_on: date, today: date, record_by: date, published: bool = True) -> str:
    """The email's closing paragraph: where the activity is listed (if it is) and by when to record the credit.

    An approval not published for all members is listed nowhere: it is the member's own,
    recorded on the request's page.
    """
    by = f"record your credit by {fmt.long_date(record_by)}; after that the credit is forfeited."
    if not published:
        when = "After completing it, " if today <= ends_on else "You have completed it: "
        return (f"This approval is for you: the activity is not listed in Upcoming Courses. {when}{by} "
                "Record it on your request's page.")
    if today <= ends_on:
        return (f"The activity now appears in Upcoming Courses. After completing it, {by} You can record it in "
                "Upcoming Courses or on your request's page.")
    if today <= listed_until(program, ends_on):
        return (f"The activity now appears in Upcoming Courses until {fmt.long_date(listed_until(program, ends_on))}"
                f". You have completed it, so you can record the credit now: {by} Record it in Upcoming Courses or "
                "on your request's page.")
    return f"You have completed the activity, so you can record the credit now on your request's page: {by}"
