"""Append a row to the audit log; every change calls this inside its unit of work."""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert
from sqlmodel import Session

from ce_tracker.clock import utcnow
from ce_tracker.models import AuditEntry

_INSERT = insert(AuditEntry.__table__)  # built once; each row only binds its values


def record(session: Session, *, actor_id: int | None, action: str, entity: str,
           entity_id: int | None = None, **detail: Any) -> None:
    """Add one audit row; values in ``detail`` must be JSON-friendly (no secrets).

    The row is written at once with a Core INSERT, in the caller's transaction: an audit row is
    never read back as an object, and the ORM's unit of work cost more than the statement on the
    hottest write (``cme.save_day``). Pending objects are flushed first, so the row still follows
    whatever the caller changed.
    """
    session.flush()
    session.execute(_INSERT, {"at": utcnow(), "actor_id": actor_id, "action": action, "entity": entity,
                              "entity_id": entity_id, "detail": {k: str(v) for k, v in detail.items()}})
