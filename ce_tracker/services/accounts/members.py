"""Member accounts: staff create them and assign roles; members see their profile."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import delete, func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from ce_tracker.config import Settings
from ce_tracker.models import CertificationTerm, Member, ProgramRow, Role, RoleGrant
from ce_tracker.rules import Program, local_date, term_end
from ce_tracker.services import audit, mail
from ce_tracker.services.accounts.actors import Actor
from ce_tracker.services.accounts.passwords import UNUSABLE, check_policy, hash_password
from ce_tracker.services.accounts.sessions import issue_reset, password_allowed
from ce_tracker.services.errors import Conflict, Invalid, NotAllowed
from ce_tracker.services.inputs import is_id, iso_date, text
from ce_tracker.services.programs.store import default_program, load_program, term_program

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# At least one letter: an all-digit username could equal someone's member ID.
USERNAME = re.compile(r"^(?=[a-z0-9._-]*[a-z])[a-z0-9][a-z0-9._-]{2,59}$")
WELCOME_LINK_LIFETIME = timedelta(days=7)


@dataclass(frozen=True)
class NewMember:
    """What staff type to open an account."""

    full_name: str
    email: str
    username: str
    roles: tuple[Role, ...] = (Role.MEMBER,)
    certified_on: date | str | None = None  # a date, or YYYY-MM-DD as typed


@dataclass(frozen=True)
class Profile:
    """What the member home page shows about a person."""

    full_name: str
    member_number: str
    email: str
    username: str
    roles: tuple[str, ...]
    program_name: str | None
    status: str | None
    term_starts_on: date | None
    term_ends_on: date | None


def _roles(roles: object) -> tuple[Role, ...]:
    """Roles as sent, each once, in order; anything that is no role is refused."""
    try:
        wanted = tuple(dict.fromkeys(Role(r) for r in roles)) if isinstance(roles, (tuple, list)) else ()
    except ValueError as error:
        raise Invalid("Choose roles from the list.", field="roles") from error
    if not wanted:
        raise Invalid("Give the account at least one role.", kind="blank", field="roles")
    return wanted


def _clean(new: NewMember) -> NewMember:
    name = text(new.full_name, field="full_name", label="person's full name", limit=500, collapse=True)
    email = text(new.email, field="email", label="email address", limit=500).lower()
    username = text(new.username, field="username", label="username", limit=500).lower()
    if not 2 <= len(name) <= 120:
        raise Invalid("Enter the person's full name (2 to 120 characters).", field="full_name")
    if len(email) > 254 or not EMAIL.match(email):
        raise Invalid("Enter a valid email address.", field="email")
    if not USERNAME.match(username):
        raise Invalid("A username is 3 to 60 lowercase letters, digits, dots, dashes or underscores, "
                      "with at least one letter.", field="username")
    blank = new.certified_on is None or (isinstance(new.certified_on, str) and not new.certified_on.strip())
    certified_on = None if blank else iso_date(
        new.certified_on, field="certified_on", label="certification date")
    return NewMember(name, email, username, _roles(new.roles), certified_on)


def _next_member_number(session: Session) -> str:
    highest = session.exec(select(func.max(Member.member_number))).one() or "100000"
    digits = int(re.sub(r"\D", "", highest) or 100000)
    return str(digits + 1)


def open_term(session: Session, *, member_id: int, program: ProgramRow, starts_on: date) -> CertificationTerm:
    """Start a member's certification term in ``program`` on ``starts_on``; its end is kept (R000-25, R000-11)."""
    ends_on = term_end(load_program(session, program.id), starts_on)
    term = CertificationTerm(member_id=member_id, program_id=program.id, starts_on=starts_on, ends_on=ends_on)
    session.add(term)
    return term


def add_member(session: Session, new: NewMember, *, password: str | None, actor_id: int | None,
               password_hash: str | None = None) -> Member:
    """Insert the account, its roles and (if certified) its current term; no permission check.

    ``password_hash``: a hash of ``password`` made already (the demo's accounts share one: demo.people)."""
    new = _clean(new)
    if password is not None:
        check_policy(password, identifiers=(new.email, new.username))
    if not password:
        password_hash = UNUSABLE
    member = Member(member_number=_next_member_number(session), username=new.username, email=new.email,
                    full_name=new.full_name, password_hash=password_hash or hash_password(password))
    session.add(member)
    try:
        session.flush()
    except IntegrityError as error:
        raise Conflict("An account with that email or username already exists.") from error
    for role in new.roles:
        session.add(RoleGrant(member_id=member.id, role=role))
    program = default_program(session)
    if new.certified_on is not None and program is not None:
        open_term(session, member_id=member.id, program=program, starts_on=new.certified_on)
    audit.record(session, actor_id=actor_id, action="member_created", entity="member", entity_id=member.id,
                 roles=",".join(r.value for r in new.roles))
    return member


def create_member(*, session: Session, actor: Actor, new: NewMember, now: datetime, settings: Settings) -> Member:
    """Staff open an account; the person gets an email to choose their own password, or, once member passwords
    are off (R000-27), an email saying to sign in with the society's account."""
    actor.require(Role.STAFF)
    member = add_member(session, new, password=None, actor_id=actor.member_id)
    if password_allowed(session, member.id, settings):
        issue_reset(session, member=member, now=now, settings=settings, lifetime=WELCOME_LINK_LIFETIME,
                    welcome=True)
    else:
        short = settings.society_short_name
        mail.queue(session, to=member.email, subject=f"Your {settings.society_name} CE Tracker account",
                   body=f"Hello {member.full_name},\n\nAn account was opened for you in CE Tracker (member ID "
                        f"{member.member_number}). Sign in with your {short} account: {settings.public_url}/login "
                        f"and choose \u201c{settings.oidc.button_label}\u201d. CE Tracker keeps no password for "
                        f"you.\n\nQuestions: {settings.membership_email or settings.support_email}\n")
    return member


def set_roles(*, session: Session, actor: Actor, member_id: int, roles: tuple[Role, ...]) -> None:
    """Replace a person's roles; staff cannot take away their own staff role (no lock-out)."""
    actor.require(Role.STAFF)
    wanted = _roles(roles)
    if member_id == actor.member_id and Role.STAFF not in wanted:
        raise NotAllowed("You cannot remove your own staff role; ask another staff member.")
    if not is_id(member_id) or session.get(Member, member_id) is None:
        raise Invalid("No such account.")
    session.execute(delete(RoleGrant).where(RoleGrant.member_id == member_id))
    for role in wanted:
        session.add(RoleGrant(member_id=member_id, role=role))
    audit.record(session, actor_id=actor.member_id, action="roles_set", entity="member", entity_id=member_id,
                 roles=",".join(r.value for r in wanted))


@dataclass(frozen=True)
class MemberRow:
    """One line of the staff account list."""

    id: int
    member_number: str
    full_name: str
    email: str
    roles: tuple[str, ...]


def list_members(*, session: Session, actor: Actor, query: str = "") -> list[MemberRow]:
    """Accounts matching ``query`` (name, email, member ID), for staff only."""
    actor.require(Role.STAFF)
    statement = select(Member).order_by(Member.full_name).limit(200)
    key = query.strip().lower()[:100] if isinstance(query, str) else ""
    if key:
        like = f"%{key}%"
        statement = statement.where(func.lower(Member.full_name).like(like) | func.lower(Member.email).like(like)
                                    | func.lower(Member.member_number).like(like))
    members = session.exec(statement).all()
    grants = session.exec(select(RoleGrant).where(RoleGrant.member_id.in_([m.id for m in members]))).all()
    roles: dict[int, list[str]] = {}
    for grant in grants:
        roles.setdefault(grant.member_id, []).append(Role(grant.role).value)
    return [MemberRow(m.id, m.member_number, m.full_name, m.email, tuple(sorted(roles.get(m.id, []))))
            for m in members]


def first_program_id(session: Session, member_id: int) -> int | None:
    """The first program the member holds a term in (the one the CMI pages show); None without a term."""
    return session.exec(select(func.min(CertificationTerm.program_id))
                        .where(CertificationTerm.member_id == member_id)).one()


def term_in_program(session: Session, member_id: int, program_id: int,
                    today: date | None = None) -> CertificationTerm | None:
    """The member's term in ``program_id`` for ``today``, whatever its status.

    That is the latest term that has started; a renewal opens the next term
    before it starts, and the member keeps seeing the term they are in until
    then. Without ``today`` (or before any term started) the latest term.
    """
    latest = (select(CertificationTerm).where(CertificationTerm.member_id == member_id,
                                              CertificationTerm.program_id == program_id)
              .order_by(CertificationTerm.starts_on.desc()))
    if today is not None:
        started = session.exec(latest.where(CertificationTerm.starts_on <= today)).first()
        if started is not None:
            return started
    return session.exec(latest).first()


def terms_by_program(session: Session, member_id: int, now: datetime) -> list[tuple[CertificationTerm, Program]]:
    """The member's term in each program they hold one in, with the rules that judge it (first program first).

    Per program, the term ``term_in_program`` picks for that program's today, from one query for all of the
    member's terms.
    """
    held = session.exec(select(CertificationTerm).where(CertificationTerm.member_id == member_id)
                        .order_by(CertificationTerm.program_id, CertificationTerm.starts_on.desc())).all()
    found: dict[int, CertificationTerm] = {}
    for term in held:
        if term.program_id not in found:
            found[term.program_id] = term
            today = local_date(load_program(session, term.program_id), now)
            started = [t for t in held if t.program_id == term.program_id and t.starts_on <= today]
            if started:
                found[term.program_id] = started[0]
    return [(term, term_program(session, term)) for term in found.values()]


def profile(*, session: Session, actor: Actor) -> Profile:
    """The acting person's own profile; there is no way to ask for anyone else's."""
    member = session.get(Member, actor.member_id)
    program_id = first_program_id(session, member.id)
    term = term_in_program(session, member.id, program_id) if program_id is not None else None
    program = session.get(ProgramRow, term.program_id) if term else None
    return Profile(full_name=member.full_name, member_number=member.member_number, email=member.email,
                   username=member.username, roles=tuple(sorted(r.value for r in actor.roles)),
                   program_name=program.name if program else None,
                   status=term.status.value if term else None,
                   term_starts_on=term.starts_on if term else None, term_ends_on=term.ends_on if term else None)


def create_first_staff(*, session: Session, full_name: str, email: str, username: str, password: str) -> Member:
    """The command-line path to the first staff account on a real deployment."""
    return add_member(session, NewMember(full_name, email, username, (Role.STAFF,)),
                      password=password, actor_id=None)
