"""Run a coroutine from a plain test, even in a worker whose earlier test (Playwright's sync API) left an
event loop running in this thread, where ``asyncio.run`` refuses."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Coroutine


def run(coroutine: Coroutine[Any, Any, Any]) -> Any:
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()
