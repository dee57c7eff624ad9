"""Signing in with the society's own account (R000-27): the sign-ins sent to its OpenID Provider, and the rules
that turn a verified set of claims into one of our members.

The protocol itself (discovery, PKCE, the code exchange, the id_token's signature and claims) is
``oidc_client``; the HTTP routes are ``web/sso.py``. What is here touches only the database and takes ``now``:

- a sign-in sent to the provider is an ``OidcRequest``: its state is claimed once, by the browser that
  started it, before it expires;
- the first sign-in links the provider's subject to a member by the member-number claim, else by a verified
  email; an unknown person is told whom to ask (or gets an account, if the society turns that on and the
  claims say they are certified); after that the subject alone counts, whatever the email claim says;
- a membership-status claim that is not current lets the person in or refuses them, as the society says;
- roles stay ours unless the society maps groups to roles explicitly;
- staff see and undo links, audited.
"""

from __future__ import annotations

import hmac
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import delete, func, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from ce_tracker.config import OidcSettings, Settings
from ce_tracker.models import LoginSession, Member, OidcLink, OidcRequest, Role, RoleGrant
from ce_tracker.services import audit, mail
from ce_tracker.services.accounts.actors import Actor
from ce_tracker.services.accounts.members import NewMember, add_member
from ce_tracker.services.errors import Conflict, DomainError, Invalid, NotFound
from ce_tracker.services.tokens import digest, new_token

REQUEST_LIFETIME = timedelta(minutes=10)  # time to sign in at the provider and come back
CLAIM_LIMIT = 254  # a claim we read longer than this is refused, not cut


class SignInRefused(DomainError):
    """A sign-in with the society's account that we refuse; ``kind`` picks the words (``refusal_message``)."""

    def __init__(self, kind: str, detail: str = "") -> None:
        super().__init__(detail or kind)
        self.kind = kind


def refusal_message(kind: str, settings: Settings) -> str:
    """What the login page says for each refusal: plain words and whom to contact. Unknown kinds read as
    "could not verify" (the kind arrives in the login page's address, where anyone can type one)."""
    short, contact = settings.society_short_name, settings.membership_email or settings.support_email
    oidc = settings.oidc
    messages = {
        "unknown": f"Your {short} account is not linked to a CE Tracker account, and we found none with your "
                   f"member ID or email address. Ask {contact} to set up your CE Tracker account; tell them "
                   f"your name and {short} member ID.",
        "lapsed": oidc.lapsed_message if oidc else "",
        "inactive": f"Your CE Tracker account is closed. If you think that is a mistake, write to {contact}.",
        "taken": f"The CE Tracker account with your member ID or email address is already linked to another "
                 f"{short} account. Ask {contact} to check the link.",
        "expired": f"That sign-in took too long or was already used. Please sign in with your {short} "
                   "account again.",
        "denied": f"The {short} sign-in was cancelled. You can try again.",
        "unavailable": f"The {short} sign-in cannot be reached right now. Please try again in a few minutes; "
                       f"if it keeps failing, write to {contact}.",
    }
    return messages.get(kind) or (f"We could not verify the sign-in from your {short} account, so you are not "
                                  f"signed in. Please try again; if it keeps happening, write to {contact}.")


# --- The sign-ins sent to the provider -------------------------------------------------------------------

@dataclass(frozen=True)
class Started:
    """What the browser is sent to the provider with (state, nonce, the PKCE verifier's challenge) and the
    random key of the short-lived cookie that ties the answer to this browser."""

    state: str
    nonce: str
    code_verifier: str
    browser_key: str


@dataclass(frozen=True)
class Returned:
    """A claimed sign-in: what the provider's answer is checked against, and where to go afterwards."""

    nonce: str
    code_verifier: str
    next_path: str
    same_browser: bool  # the answer came back to the browser that started the sign-in

    def check_browser(self) -> None:
        """Refuse an answer carried to another browser (called once the claim is committed, so it stays spent)."""
        if not self.same_browser:
            raise SignInRefused("invalid", "The answer belongs to a sign-in another browser started.")


def start_request(*, session: Session, next_path: str, now: datetime) -> Started:
    """Record a sign-in about to be sent to the provider; requests long gone are removed on the way."""
    session.execute(delete(OidcRequest).where(OidcRequest.created_at < now - timedelta(days=1)))
    started = Started(state=new_token(), nonce=new_token(), code_verifier=new_token() + new_token(),
                      browser_key=new_token())
    session.add(OidcRequest(state_hash=digest(started.state), browser_hash=digest(started.browser_key),
                            nonce=started.nonce, code_verifier=started.code_verifier, next_path=next_path[:300],
                            created_at=now, expires_at=now + REQUEST_LIFETIME))
    session.flush()
    return started


def claim_request(*, session: Session, state: object, browser_key: object, now: datetime) -> Returned:
    """The sign-in this answer belongs to, claimed once (a replayed answer finds it used).

    A state this browser did not start (an answer carried to another browser, a swapped state) is spent all
    the same, so neither browser can use it afterwards; the caller refuses it with ``check_browser`` once this
    unit of work has committed.
    """
    if not isinstance(state, str) or not 20 <= len(state) <= 100:
        raise SignInRefused("invalid", "The answer carries no state we issued.")
    row = session.exec(select(OidcRequest).where(OidcRequest.state_hash == digest(state))).first()
    if row is None:
        raise SignInRefused("invalid", "The answer carries no state we issued.")
    # Read before the claim: the update below wipes the verifier in the row (and in this object).
    nonce, verifier, next_path, browser_hash = row.nonce, row.code_verifier, row.next_path, row.browser_hash
    claimed = session.execute(update(OidcRequest)
                              .where(OidcRequest.id == row.id, OidcRequest.used_at.is_(None),
                                     OidcRequest.expires_at > now)
                              .values(used_at=now, code_verifier=""))
    if claimed.rowcount != 1:
        raise SignInRefused("expired", "That sign-in was already used or has expired.")
    key = browser_key if isinstance(browser_key, str) and len(browser_key) <= 100 else ""
    return Returned(nonce=nonce, code_verifier=verifier, next_path=next_path,
                    same_browser=hmac.compare_digest(digest(key), browser_hash))


# --- Claims ------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Claims:
    """What the society says about the person, read from a verified id_token and userinfo."""

    issuer: str
    subject: str
    member_number: str | None = None
    email: str | None = None
    email_verified: bool = False
    status: str | None = None  # the membership status as sent; None when the claim is absent
    groups: tuple[str, ...] = ()
    name: str | None = None
    certified_on: date | None = None


def _claim_text(raw: dict, name: str) -> str | None:
    value = raw.get(name) if name else None
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        value = str(value)
    if not isinstance(value, str) or len(value) > CLAIM_LIMIT:
        return None
    return value.strip() or None


def _claim_date(raw: dict, name: str) -> date | None:
    text = _claim_text(raw, name)
    if text is None or not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def claims_from(raw: dict, *, issuer: str, config: OidcSettings) -> Claims:
    """The claims we use, by the names the society configured; anything malformed counts as absent."""
    subject = raw.get("sub")
    if not isinstance(subject, str) or not 1 <= len(subject) <= 255:
        raise SignInRefused("invalid", "The provider sent no usable subject.")
    groups = raw.get(config.groups_claim) if config.groups_claim else None
    if isinstance(groups, str):
        groups = groups.split()
    verified = raw.get("email_verified")
    return Claims(
        issuer=issuer, subject=subject,
        member_number=_claim_text(raw, config.member_number_claim),
        email=(_claim_text(raw, config.email_claim) or "").lower() or None,
        email_verified=verified is True or verified == "true",
        status=_claim_text(raw, config.status_claim),
        groups=tuple(g for g in groups if isinstance(g, str) and len(g) <= CLAIM_LIMIT)
        if isinstance(groups, list) else (),
        name=_claim_text(raw, "name"),
        certified_on=_claim_date(raw, config.certified_claim),
    )


def is_current(claims: Claims, config: OidcSettings) -> bool:
    """Whether the membership-status claim says a current member; always, when the society sends no such claim.

    Once the society names the claim, a missing value is not current: a provider that stopped sending it must
    not open the door to everybody."""
    if not config.status_claim:
        return True
    return claims.status is not None and claims.status.lower() in config.current_statuses


# --- From claims to a member -----------------------------------------------------------------------------

@dataclass(frozen=True)
class SignedIn:
    """The member the claims belong to; ``linked_by`` says how a first sign-in matched ("" when already linked);
    ``current`` is False for a lapsed member let in to see their record."""

    member_id: int
    linked_by: str
    current: bool


def _by_member_number(session: Session, number: str | None) -> Member | None:
    if not number:
        return None
    return session.exec(select(Member).where(func.lower(Member.member_number) == number.lower())).first()


def _by_email(session: Session, claims: Claims) -> Member | None:
    if not claims.email or not claims.email_verified:
        return None
    return session.exec(select(Member).where(func.lower(Member.email) == claims.email)).first()


def _username_for(session: Session, claims: Claims) -> str:
    """A free username from the email's local part (letters, digits, dots, dashes), numbered when taken."""
    base = re.sub(r"[^a-z0-9._-]", "", (claims.email or "").split("@")[0].lower())[:50].strip("._-")
    base = base if re.search(r"[a-z]", base or "") and len(base) >= 3 else f"member{base}"[:50]
    candidate, n = base, 1
    while session.exec(select(Member.id).where(Member.username == candidate)).first() is not None:
        n += 1
        candidate = f"{base}{n}"
    return candidate


def _new_account(session: Session, claims: Claims, now: datetime, settings: Settings) -> Member:
    """An account for a certified person the society vouches for; their member ID is the society's."""
    if not claims.email or not claims.email_verified or claims.certified_on is None:
        raise SignInRefused("unknown")
    name = claims.name or claims.email.split("@")[0]
    try:
        with session.begin_nested():
            member = add_member(session, NewMember(name[:120], claims.email, _username_for(session, claims),
                                                   (Role.MEMBER,), claims.certified_on),
                                password=None, actor_id=None)
            if claims.member_number and len(claims.member_number) <= 20:
                member.member_number = claims.member_number
                session.flush()
    except (Invalid, Conflict, IntegrityError) as error:
        raise SignInRefused("unknown", str(error)) from error
    mail.queue(session, to=member.email, subject=f"Your {settings.society_name} CE Tracker account",
               body=f"Hello {member.full_name},\n\nYou signed in to CE Tracker with your "
                    f"{settings.society_short_name} account, and an account was opened for you (member ID "
                    f"{member.member_number}). Sign in the same way next time: {settings.public_url}/login\n\n"
                    f"Questions: {settings.membership_email or settings.support_email}\n")
    return member


def _link(session: Session, member: Member, claims: Claims, how: str, now: datetime) -> None:
    taken = session.exec(select(OidcLink.id).where(OidcLink.issuer == claims.issuer,
                                                   OidcLink.member_id == member.id)).first()
    if taken is not None:
        raise SignInRefused("taken", "That member is linked to another subject already.")
    try:
        with session.begin_nested():
            session.add(OidcLink(issuer=claims.issuer, subject=claims.subject, member_id=member.id, linked_by=how,
                                 linked_at=now, last_sign_in_at=now))
            session.flush()
    except IntegrityError as error:  # a second browser of the same person linked it a moment ago
        raise SignInRefused("expired", "The link was made by another sign-in at the same moment.") from error
    audit.record(session, actor_id=member.id, action="sso_linked", entity="member", entity_id=member.id,
                 issuer=claims.issuer, linked_by=how)


def _apply_group_roles(session: Session, member_id: int, claims: Claims, config: OidcSettings) -> None:
    """Only with an explicit mapping: each mapped role is held exactly when a group that maps to it is sent."""
    if not config.group_roles:
        return
    mapped = {Role(role) for _, role in config.group_roles}
    wanted = {Role(role) for group, role in config.group_roles if group in claims.groups}
    held = {Role(r) for r in session.exec(select(RoleGrant.role).where(RoleGrant.member_id == member_id)).all()}
    added, removed = (wanted - held), (held & mapped) - wanted
    if not added and not removed:
        return
    if removed:
        session.execute(delete(RoleGrant).where(RoleGrant.member_id == member_id,
                                                RoleGrant.role.in_([r.value for r in removed])))
    for role in sorted(added, key=lambda r: r.value):
        session.add(RoleGrant(member_id=member_id, role=role))
    audit.record(session, actor_id=None, action="roles_from_provider", entity="member", entity_id=member_id,
                 added=",".join(sorted(r.value for r in added)), removed=",".join(sorted(r.value for r in removed)))


def sign_in(*, session: Session, claims: Claims, now: datetime, settings: Settings) -> SignedIn:
    """The member these verified claims belong to, linking them on the first sign-in; refuses with a kind.

    Already linked: the subject counts, nothing else (an email changed at the society moves nothing). Not yet:
    the member-number claim, else a verified email, else (when the society allows it) a new account for a
    certified, current member; else "unknown". A membership that is not current is refused before anything is
    linked when the society says so.
    """
    config = settings.oidc
    current = is_current(claims, config)
    if not current and config.lapsed == "refuse":
        raise SignInRefused("lapsed")
    link = session.exec(select(OidcLink).where(OidcLink.issuer == claims.issuer,
                                               OidcLink.subject == claims.subject)).first()
    how = ""
    if link is not None:
        member = session.get(Member, link.member_id)
        link.last_sign_in_at = now
    else:
        member, how = _by_member_number(session, claims.member_number), "member_number"
        if member is None:
            member, how = _by_email(session, claims), "email"
        if member is None:
            if not (config.create_accounts and current):
                raise SignInRefused("unknown")
            member, how = _new_account(session, claims, now, settings), "new_account"
        if not member.is_active:
            raise SignInRefused("inactive")
        _link(session, member, claims, how, now)
    if not member.is_active:
        raise SignInRefused("inactive")
    _apply_group_roles(session, member.id, claims, config)
    return SignedIn(member_id=member.id, linked_by=how, current=current)


# --- Staff: see and undo links ---------------------------------------------------------------------------

@dataclass(frozen=True)
class LinkView:
    """What staff see of a member's link: how it was made, when, and the last sign-in through it."""

    member_id: int
    linked_by: str
    linked_at: datetime
    last_sign_in_at: datetime | None


def links_for(*, session: Session, actor: Actor, member_ids: list[int]) -> dict[int, LinkView]:
    """The links of these accounts (staff only); the subject itself stays out of the page."""
    actor.require(Role.STAFF)
    if not member_ids:
        return {}
    rows = session.exec(select(OidcLink).where(OidcLink.member_id.in_(member_ids[:500]))).all()
    return {row.member_id: LinkView(row.member_id, row.linked_by, row.linked_at, row.last_sign_in_at) for row in rows}


def unlink(*, session: Session, actor: Actor, member_id: int, now: datetime) -> None:
    """Undo a member's link (staff only, audited); the sessions it opened end, and the next sign-in with the
    society's account links again by the first sign-in's rules."""
    actor.require(Role.STAFF)
    links = session.exec(select(OidcLink).where(OidcLink.member_id == member_id)).all() if isinstance(
        member_id, int) else []
    if not links:
        raise NotFound("That account is not linked to a society account.")
    for link in links:
        audit.record(session, actor_id=actor.member_id, action="sso_unlinked", entity="member", entity_id=member_id,
                     issuer=link.issuer, linked_by=link.linked_by)
        session.delete(link)
    session.execute(update(LoginSession).where(LoginSession.member_id == member_id, LoginSession.sso,
                                               LoginSession.revoked_at.is_(None)).values(revoked_at=now))
