"""``@public``: ``@acts`` for pages anyone may use without signing in (verification).

The handler receives a ``PublicWork`` (its transaction and the clock), opened once for the whole event, and a
``DomainError`` rolls the event back and becomes the page's ``error`` var, as with ``@acts``; there is simply
no actor, so no login redirect. Pages thus stay free of ``ce_tracker.db``.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlmodel import Session

from ce_tracker.clock import utcnow
from ce_tracker.db import unit_of_work
from ce_tracker.services.errors import DomainError


@dataclass
class PublicWork:
    session: Session
    now: datetime = field(default_factory=utcnow)


def public(fn: Callable) -> Callable:
    @functools.wraps(fn)
    def handler(self, *args: Any, **kwargs: Any):
        try:
            with unit_of_work() as session:
                return fn(self, PublicWork(session=session), *args, **kwargs)
        except DomainError as refusal:
            self.error = refusal.message
            return None

    signature = inspect.signature(fn)
    params = list(signature.parameters.values())
    handler.__signature__ = signature.replace(parameters=[params[0], *params[2:]])
    handler.__annotations__ = {k: v for k, v in fn.__annotations__.items() if k != params[1].name}
    return handler
