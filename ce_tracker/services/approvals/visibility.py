"""Which page may show an approval request: the member's own page, or the committee's (R000-03, R000-19).

``request_detail`` serves both the member who asked and any reviewer. Each page used to decide for
itself whom it would show the result to (the member's page refused reviewers, the committee's page refused
non-reviewers); those are permission checks, so they live here, in the service layer, beside the call.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from ce_tracker.services.accounts.actors import Actor
from ce_tracker.services.accounts.members import Role
from ce_tracker.services.approvals.requests import request_detail
from ce_tracker.services.approvals.shared import NO_REQUEST, RequestView
from ce_tracker.services.errors import NotFound


def own_request(*, session: Session, actor: Actor, request_id: object, now: datetime) -> RequestView:
    """One of the member's own requests; anyone else's is "not found" (reviewers read it on their page)."""
    view = request_detail(session=session, actor=actor, request_id=request_id, now=now)
    if not view.is_owner:
        raise NotFound(NO_REQUEST)
    return view


def request_for_review(*, session: Session, actor: Actor, request_id: object, now: datetime) -> RequestView:
    """A request as the CE committee sees it; only reviewers may (a member reads their own on their page)."""
    if not actor.has(Role.REVIEWER):
        raise NotFound(NO_REQUEST)
    return request_detail(session=session, actor=actor, request_id=request_id, now=now)
