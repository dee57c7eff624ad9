"""Work the app does on its own while it runs, so nobody has to remember a job.

The hourly sweep lapses each term that ended short with nothing pending (R000-15), then sends the reminders
that have come due. It is safe with several backend workers running it at once: each term
changes by a conditional UPDATE and each reminder is a unique row, so each happens once. Correctness never waits
for it: pages already judge a term by the rules. ``python -m ce_tracker reminders`` runs the same once, for cron.
Beside it: queued email delivered and retried every minute, and the Board's figures kept read. Each loop runs
its blocking job in the executor through ``_every``, so a failure is logged and the next round tries again.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime

from ce_tracker.clock import utcnow
from ce_tracker.config import settings
from ce_tracker.db import unit_of_work
from ce_tracker.services import mail
from ce_tracker.services.board import cohorts
from ce_tracker.services.reminders import sending
from ce_tracker.services.renewal import window

log = logging.getLogger(__name__)
SWEEP_SECONDS = 3600
BOARD_SECONDS = 60


def sweep_once(now: datetime | None = None, *, reminders: bool | None = None) -> tuple[int, int]:
    """Lapse what has ended and send due reminders, then deliver the emails (after commit, outside the
    transaction). Returns (terms lapsed, reminders queued)."""
    now = now or utcnow()
    with unit_of_work() as session:
        lapsed = window.lapse_ended_terms(session=session, now=now, settings=settings)
    sent = 0
    if settings.reminders_enabled if reminders is None else reminders:
        with unit_of_work() as session:
            sent = sending.send_reminders(session=session, now=now, settings=settings)
    if lapsed or sent:
        log.info("%d certification term(s) lapsed, %d reminder(s) queued", lapsed, sent)
        mail.deliver_pending(unit_of_work, settings)
    return lapsed, sent


def deliver_mail_soon() -> None:
    """Send queued email off the event loop, so a slow SMTP server never stalls a page."""
    asyncio.get_running_loop().run_in_executor(None, mail.deliver_pending, unit_of_work, settings)


async def _every(seconds: float, job: Callable[[], object], what: str, *, first_wait: bool = False) -> None:
    """Run the blocking ``job`` off the event loop every ``seconds`` for the life of the backend; a failure is
    logged and never ends the loop (the next round tries again)."""
    loop = asyncio.get_running_loop()
    while True:
        if first_wait:
            await asyncio.sleep(seconds)
        try:
            await loop.run_in_executor(None, job)
        except Exception:
            log.exception("%s failed", what)
        if not first_wait:
            await asyncio.sleep(seconds)


def keep_board_once() -> None:
    """Read the Board of Certification's figures, so no Board member waits for a full reading.

    Judging every certificant takes seconds at 50,000 members (``services.board_society``); each backend
    worker keeps its own copy. Correctness never waits for it: a view finds a stale copy stale and reads.
    """
    with unit_of_work() as session:
        cohorts.keep_fresh(session=session, now=utcnow())


async def mail_retrier() -> None:
    """Deliver what is due every minute (or CE_MAIL_RETRY_SECONDS if shorter): failed messages come back here."""
    await _every(max(1, min(60, settings.mail_retry_seconds)),
                 lambda: mail.deliver_pending(unit_of_work, settings), "Mail delivery", first_wait=True)


async def lapse_sweeper() -> None:
    """Run the sweep at start-up and then every hour."""
    await _every(SWEEP_SECONDS, sweep_once, "The lapse sweep")


async def board_keeper() -> None:
    """Keep the Board's figures read: at start-up, then once a minute."""
    await _every(BOARD_SECONDS, keep_board_once, "Reading the Board's figures")
