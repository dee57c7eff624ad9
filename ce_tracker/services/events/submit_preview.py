"""What submitting an event's credits will do, shown before the one irreversible submit (R002-10, R002-11,
R000-12 to R000-14): the total, and how much of it will count toward the member's CE term, with the maximum that
stops the rest, in the member's words.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlmodel import Session

from ce_tracker import formatting as fmt
from ce_tracker.models import ProgramRow
from ce_tracker.rules.added_hours import AddedEffect, added_effect
from ce_tracker.services.accounts.actors import Actor
from ce_tracker.services.accounts.members import first_program_id, term_in_program
from ce_tracker.services.events.cme import event_sheet
from ce_tracker.services.programs.store import term_program
from ce_tracker.services.record.credit_record import term_lines


@dataclass(frozen=True)
class SubmitPreview:
    total: Decimal
    day_count: int
    effect: AddedEffect | None  # None: the event falls in no CE term of the member's
    words: str


def _words(total: Decimal, days: int, program_name: str, effect: AddedEffect | None) -> str:
    said = f"You are submitting {fmt.hours(total)} credits for {days} day{'s' if days != 1 else ''}."
    if effect is None:
        return said + " They are recorded as CME; they fall in no CE term of yours."
    if not effect.not_counted:
        return said + f" All {fmt.hours(total)} will count toward your {program_name} term."
    return (said + f" {fmt.hours(effect.counts)} will count toward your {program_name} term; "
            f"{fmt.hours(effect.not_counted)} will not count, because " + "; ".join(effect.reasons) + ".")


def submit_preview(*, session: Session, actor: Actor, activity_id: object, now: datetime) -> SubmitPreview:
    """Read-only: the summary the confirmation shows (the submit itself checks everything again)."""
    sheet = event_sheet(session=session, actor=actor, activity_id=activity_id, now=now)
    entered = [(d.category or sheet.category, d.credits) for d in sheet.days if d.registered and d.credits is not None]
    total = sum((hours for _, hours in entered), Decimal(0))
    program_id = first_program_id(session, actor.member_id)
    term = term_in_program(session, actor.member_id, program_id, sheet.ends_on) if program_id is not None else None
    if term is None or not term.starts_on <= sheet.ends_on <= term.ends_on:
        return SubmitPreview(total, len(entered), None, _words(total, len(entered), "", None))
    recorded = [(line.category, line.hours) for line in term_lines(session, term)]
    effect = added_effect(term_program(session, term), recorded, entered)
    name = session.get(ProgramRow, term.program_id).name
    return SubmitPreview(total, len(entered), effect, _words(total, len(entered), name, effect))
