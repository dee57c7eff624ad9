"""Work the app does on its own while it runs, so nobody has to remember a job.

Today that is the hourly sweep that turns terms ended without enough hours to
lapsed and emails their members (R000-15). It is safe with several backend
workers running it at once (the service changes each term conditionally), and
correctness never waits for it: pages already treat such a term as lapsed.
"""

from __future__ import annotations

import asyncio
import logging

from ce_tracker.config import settings
from ce_tracker.db import unit_of_work
from ce_tracker.clock import utcnow
from ce_tracker.services import mail, renewal

log = logging.getLogger(__name__)
SWEEP_SECONDS = 3600


def sweep_once() -> int:
    """Lapse what has ended, then deliver the emails that caused (after commit, outside the transaction)."""
    with unit_of_work() as session:
        lapsed = renewal.lapse_ended_terms(session=session, now=utcnow(), settings=settings)
    if lapsed:
        log.info("%d certification term(s) lapsed", lapsed)
        mail.deliver_pending(unit_of_work, settings)
    return lapsed


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
