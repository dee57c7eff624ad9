"""Append a row to the audit log; every change calls this inside its unit of work."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from ce_tracker.models import AuditEntry


def record(session: Session, *, actor_id: int | None, action: str, entity: str,
           entity_id: int | None = None, **detail: Any) -> None:
    """Add one audit row; values in ``detail`` must be JSON-friendly (no secrets)."""
    session.add(AuditEntry(actor_id=actor_id, action=action, entity=entity,
                           entity_id=entity_id, detail={k: str(v) for k, v in detail.items()}))
