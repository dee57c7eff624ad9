"""Demo data for a newcomer to see every state the app has; never part of a real deployment.

``people`` makes the base demo (members, catalog, events, requests, renewals). Every other module in this
package adds the states of one feature on top of it: it defines ``seed(session, *, people, now)``, where
``people`` maps demo usernames to their accounts, and is run after the base in name order. A feature's demo
therefore lives beside the others without anyone editing a shared list.
"""

from __future__ import annotations

import importlib
import pkgutil
from datetime import datetime

from sqlmodel import Session

from ce_tracker.demo.people import DEMO_PASSWORD, seed_people

__all__ = ["DEMO_PASSWORD", "seed_demo"]


def _feature_modules() -> list[str]:
    return sorted(m.name for m in pkgutil.iter_modules(__path__) if m.name != "people")


def seed_demo(session: Session, *, now: datetime) -> bool:
    """Fill an empty database with the demo; returns False, touching nothing, if any account exists."""
    people = seed_people(session, now=now)
    if people is None:
        return False
    for name in _feature_modules():
        importlib.import_module(f"{__name__}.{name}").seed(session, people=people, now=now)
    session.flush()
    return True
