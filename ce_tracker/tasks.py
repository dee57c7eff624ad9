"""Work the app does on its own while it runs, so nobody has to remember a job.

The hourly sweep lapses each term that ended short with nothing pending (R000-15), then sends the reminders
that have come due (issue 14 item 8). It is safe with several backend workers running it at once: each term
changes by a conditional UPDATE and each reminder is a unique row, so each happens once. Correctness never waits
for it: pages already judge a term by the rules. ``python -m ce_tracker reminders`` runs the same once, for cron.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime

from ce_tracker.config import settings
from ce_tracker.db import unit_of_work
from ce_tracker.clock import utcnow
from ce_tracker.services import mail, renewal

log = logging.getLogger(__name__)
SWEEP_SECONDS = 3600


def sweep_once(now: datetime | None = None, *, reminders: bool | None = None) -> tuple[int, int]:
    """Lapse what has ended and send due reminders, then deliver the emails (after commit, outside the
    transaction). Returns (terms lapsed, reminders queued)."""
    now = now or utcnow()
    with unit_of_work() as session:
        lapsed = renewal.lapse_ended_terms(session=session, now=now, settings=settings)
    sent = 0
    if settings.reminders_enabled if reminders is None else reminders:
        with unit_of_work() as session:
            sent = renewal.send_reminders(session=session, now=now, settings=settings)
    if lapsed or sent:
        log.info("%d certification term(s) lapsed, %d reminder(s) queued", lapsed, sent)
        mail.deliver_pending(unit_of_work, settings)
    return lapsed, sent


def deliver_mail_soon() -> None:
    """Send queued email off the event loop, so a slow SMTP server never stalls a page."""
    asyncio.get_running_loop().run_in_executor(None, mail.deliver_pending, unit_of_work, settings)


async def mail_retrier() -> None:
    """Deliver what is due every minute (or CE_MAIL_RETRY_SECONDS if shorter): failed messages come back here."""
    loop = asyncio.get_running_loop()
    while True:
        await asyncio.sleep(max(1, min(60, settings.mail_retry_seconds)))
        try:
            await loop.run_in_executor(None, mail.deliver_pending, unit_of_work, settings)
        except Exception:  # the next round tries again
            log.exception("Mail delivery failed")


async def lapse_sweeper() -> None:
    """Run the sweep at start-up and then every hour, for the life of the backend."""
    loop = asyncio.get_running_loop()
    while True:
        try:
            await loop.run_in_executor(None, sweep_once)
        except Exception:  # a failed sweep must not end the loop; the next hour tries again
            log.exception("The lapse sweep failed")
        await asyncio.sleep(SWEEP_SECONDS)
