"""Keep the Board of Certification's figures read, so no Board member waits for a full reading.

Judging every certificant takes seconds at 50,000 members (``services.board_society``); after that, a view
reads again only the members a change touched. A full reading is still due at start-up, on a new day, every
few minutes (``board_society.MAX_AGE``) and after a change it cannot tie to a member. This task does them in
the background, once a minute, in each backend worker (each keeps its own copy), so the Board's pages find
the figures ready. Correctness never waits for it: a view finds a stale copy stale and reads what it must.
"""

from __future__ import annotations

import asyncio
import logging

from ce_tracker.clock import utcnow
from ce_tracker.db import unit_of_work
from ce_tracker.services import board

log = logging.getLogger(__name__)
KEEP_SECONDS = 60


def keep_once() -> None:
    with unit_of_work() as session:
        board.keep_fresh(session=session, now=utcnow())


async def board_keeper() -> None:
    loop = asyncio.get_running_loop()
    while True:
        try:
            await loop.run_in_executor(None, keep_once)
        except Exception:  # a failed reading must not end the loop; the next minute tries again
            log.exception("Reading the Board's figures failed")
        await asyncio.sleep(KEEP_SECONDS)
