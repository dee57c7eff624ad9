"""Who is acting: the signed-in person as the services see them (R000-01, R002-02).

Every service takes the actor its page resolved from the login session and checks the role it needs, so
each role sees and does only its own part (R000-19).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from ce_tracker.models import Member, Role, RoleGrant
from ce_tracker.services.errors import NotAllowed


@dataclass(frozen=True)
class Actor:
    """The acting person's id and roles, loaded from the database for each request."""

    member_id: int
    full_name: str
    roles: frozenset[Role]
    member_number: str = ""  # the society's member ID: not a secret (Home shows it); the phone keys its copies by it

    def has(self, role: Role) -> bool:
        return role in self.roles

    def require(self, role: Role) -> None:
        """Refuse unless the actor holds ``role`` (R000-19)."""
        if role not in self.roles:
            raise NotAllowed(f"This needs the {role.value} role.")


def load_actor(session: Session, member_id: int) -> Actor | None:
    """The actor for an active account, or None."""
    member = session.get(Member, member_id)
    if member is None or not member.is_active:
        return None
    roles = session.exec(select(RoleGrant.role).where(RoleGrant.member_id == member_id)).all()
    return Actor(member_id=member.id, full_name=member.full_name, roles=frozenset(Role(r) for r in roles),
                 member_number=member.member_number)
