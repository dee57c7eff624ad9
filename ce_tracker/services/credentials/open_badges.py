"""Certificates and renewed terms as Open Badges 3.0 credentials (W3C Verifiable Credentials 2.0), and checking them.

Each credential is JSON-LD signed with the society's Ed25519 key, twice over the same content
(``services.credentials.signing``: ``eddsa-rdfc-2022`` for wallets and 1EdTech, ``eddsa-jcs-2022``), the issuer a
did:key, so anyone can check it without asking us. It names 1EdTech's AchievementCredential JSON Schema
(``credentialSchema``) and its bit in our revocation status list (``credentialStatus``, ``status_list``). Its
``id`` is the public address it downloads from; that address carries a secret (the certificate's verification
code, or a tag derived from the signing key for a term), so knowing a certificate number is not enough to fetch
one, and wrong guesses at it are counted per client like those on the certificate verification page.

A credential that no longer holds (the certificate revoked, its credits struck, the renewal withdrawn, the term
lapsed) is neither offered nor signed again: its address answers that it was revoked.

Verification is public: a file (at most ``MAX_BYTES``) or one of our own credential addresses. An address is
resolved inside the app and never fetched over the network, so the page cannot be used to reach other machines
(no server-side request forgery). ``examine`` does the CPU work (parsing, both proofs) and touches no database,
so the page runs it off the event loop; ``judge`` then reads our records and our status list.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timezone
from urllib.parse import urlsplit

from sqlmodel import Session, select

from ce_tracker import routes
from ce_tracker.config import Settings
from ce_tracker.models import (
    Activity,
    Certificate,
    CertificationTerm,
    EventSubmission,
    Member,
    ProgramRow,
    RenewalApplication,
    RenewalStatus,
    TermStatus,
)
from ce_tracker.services.accounts.actors import Actor
from ce_tracker.services.credentials import linked_data, signing, status_list
from ce_tracker.services.errors import DomainError, Invalid, NotFound
from ce_tracker.services.events import certificates

MAX_BYTES = 64 * 1024
CONTEXT = [linked_data.VC_V2, linked_data.OB_V3, linked_data.OB_EXTENSIONS]
SCHEMA = [{"id": "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json",
           "type": "1EdTechJsonSchemaValidator2019"}]
CERT_PATH = re.compile("^" + re.escape(routes.fixed_prefix(routes.CERTIFICATE_CREDENTIAL))
                       + r"([A-Z0-9-]{1,32})/([A-Z0-9]{1,16})\.json$")
TERM_PATH = re.compile("^" + re.escape(routes.fixed_prefix(routes.TERM_CREDENTIAL))
                       + r"([0-9]{1,12})/([a-z0-9]{1,32})\.json$")
NOT_FOUND = "No such credential."
NO_RECORD = "We have no record of this credential."
_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")


class Revoked(DomainError):
    """The credential at that address no longer holds: it is not signed again. ``reason`` is our record's."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"This credential was revoked. {reason}".strip())
        self.reason = reason


@dataclass(frozen=True)
class Downloadable:
    """One credential of the member's: what it is, and its public address (path; "" once revoked)."""

    kind: str  # "certificate" or "term"
    title: str
    issued_on: date
    path: str
    revoked: bool


@dataclass(frozen=True)
class CredentialCheck:
    """What the verification page shows."""

    signature_valid: bool
    ours: bool
    problem: str = ""
    name: str = ""
    issuer: str = ""
    subject: str = ""
    valid_from: str = ""
    valid_until: str = ""
    expired: bool = False
    revoked: bool = False
    revoked_reason: str = ""
    suites: tuple[str, ...] = ()
    status_list: str = ""  # what our published status list says: "revoked", "not revoked", or "" (none named)

    @property
    def trusted(self) -> bool:
        return self.signature_valid and self.ours and not self.revoked and not self.expired


def _stamp(instant: datetime) -> str:
    return instant.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _day_start(day: date) -> str:
    return _stamp(datetime.combine(day, time(0), timezone.utc))


def term_tag(key_path: str | None, term_id: int) -> str:
    """The unguessable part of a term credential's address, derived from the signing key."""
    raw = signing.load_key(key_path).private_bytes_raw()
    return hashlib.sha256(b"ce-term-credential:" + raw + str(term_id).encode()).hexdigest()[:20]


def cert_path(certificate: Certificate) -> str:
    return routes.certificate_credential(certificate.number, certificate.verification_code)


def _plain(value: object) -> object:
    """Text as we sign it: no control characters (a tab typed into a title becomes a space)."""
    if isinstance(value, str):
        return _CONTROL.sub(" ", value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _number(value: object) -> int | float:
    """A number as every JSON reader holds it: 18, not 18.0 (JavaScript has no difference, RDF has)."""
    number = float(value)
    return int(number) if number.is_integer() else number


def _subject(member: Member, achievement: dict, **extra: object) -> dict:
    return {"type": ["AchievementSubject"],
            "identifier": [{"type": "IdentityObject", "identityType": "name", "hashed": False,
                            "identityHash": member.full_name},
                           {"type": "IdentityObject", "identityType": "identifier", "hashed": False,
                            "identityHash": member.member_number}],
            "achievement": achievement, **extra}


def _envelope(*, url: str, name: str, did: str, society: str, public_url: str, valid_from: str,
              subject: dict, status: dict, valid_until: str | None = None) -> dict:
    document = {"@context": CONTEXT, "id": url, "type": ["VerifiableCredential", "OpenBadgeCredential"],
                "name": name,
                "issuer": {"id": did, "type": ["Profile"], "name": society, "url": public_url},
                "validFrom": valid_from, "awardedDate": valid_from, "credentialSubject": subject,
                "credentialSchema": SCHEMA, "credentialStatus": status}
    if valid_until:
        document["validUntil"] = valid_until
    return _plain(document)


def _certificate_document(session: Session, certificate: Certificate, *, did: str, api_url: str,
                          public_url: str, society: str) -> dict:
    member = session.get(Member, certificate.member_id)
    activity = session.get(Activity, certificate.activity_id)
    total = session.get(EventSubmission, certificate.submission_id).total
    entry = status_list.entry_for(session, certificate_id=certificate.id)
    achievement = {"id": public_url + routes.activity_achievement(activity.id), "type": ["Achievement"],
                   "achievementType": "Course", "name": activity.title,
                   "description": activity.designation or f"Participation in {activity.title}",
                   "criteria": {"narrative": f"Attended {activity.title} ({activity.location}, "
                                             f"{activity.starts_on:%B %-d} to {activity.ends_on:%B %-d, %Y}) and "
                                             f"recorded the credits earned."}}
    return _envelope(url=api_url + cert_path(certificate), name=f"CME participation: {activity.title}", did=did,
                     society=society, public_url=public_url, valid_from=_stamp(certificate.issued_at),
                     subject=_subject(member, achievement, creditsEarned=_number(total)),
                     status=status_list.entry_status(api_url, entry))


def _term_document(session: Session, application: RenewalApplication, term: CertificationTerm, *, did: str,
                   path: str, api_url: str, public_url: str, society: str) -> dict:
    member = session.get(Member, term.member_id)
    program = session.get(ProgramRow, term.program_id)
    entry = status_list.entry_for(session, term_id=term.id)
    achievement = {"id": public_url + routes.program_achievement(program.code), "type": ["Achievement"],
                   "achievementType": "Certification", "name": program.name,
                   "description": f"{program.name}, renewed after the member's continuing education was verified.",
                   "criteria": {"narrative": f"Earned the {program.total_hours} hours of continuing education the "
                                             f"program requires in a {program.term_years}-year term."}}
    return _envelope(url=api_url + path, name=f"{program.name}: renewed term", did=did, society=society,
                     public_url=public_url, valid_from=_day_start(term.starts_on),
                     valid_until=_stamp(datetime.combine(term.ends_on, time(23, 59, 59), timezone.utc)),
                     subject=_subject(member, achievement), status=status_list.entry_status(api_url, entry))


def _renewed(session: Session, term_id: int) -> tuple[RenewalApplication, CertificationTerm] | None:
    """The verified renewal that opened term ``term_id``, with the term."""
    row = session.exec(select(RenewalApplication, CertificationTerm)
                       .join(CertificationTerm, CertificationTerm.id == RenewalApplication.next_term_id)
                       .where(RenewalApplication.next_term_id == term_id,
                              RenewalApplication.status == RenewalStatus.VERIFIED)).first()
    return tuple(row) if row else None


def certificate_revocation(session: Session, certificate: Certificate) -> str | None:
    """Why the certificate no longer holds ("" when no reason was given), or None while it holds."""
    if certificate.revoked_at is not None:
        return certificate.revoked_reason or ""
    submission = session.get(EventSubmission, certificate.submission_id)
    if submission is not None and submission.withdrawn_at is not None:
        return f"The credits it records were struck: {submission.withdrawn_reason}"
    return None


def _term_revocation(term: CertificationTerm) -> str | None:
    return "The certification lapsed." if term.status is TermStatus.LAPSED else None


def my_credentials(*, session: Session, actor: Actor, key_path: str | None) -> list[Downloadable]:
    """The acting member's certificates and renewed terms, newest first; KeyMissing while none can be issued.

    Revoked ones are listed, marked, without an address: they are not handed out any more.
    """
    signing.load_key(key_path)
    found = []
    for certificate, title in session.exec(select(Certificate, Activity.title)
                                           .join(Activity, Activity.id == Certificate.activity_id)
                                           .where(Certificate.member_id == actor.member_id)).all():
        revoked = certificate_revocation(session, certificate) is not None
        found.append(Downloadable("certificate", f"CME participation: {title}", certificate.issued_at.date(),
                                  "" if revoked else cert_path(certificate), revoked))
    terms = session.exec(select(RenewalApplication, CertificationTerm)
                         .join(CertificationTerm, CertificationTerm.id == RenewalApplication.next_term_id)
                         .where(RenewalApplication.member_id == actor.member_id,
                                RenewalApplication.status == RenewalStatus.VERIFIED)).all()
    for application, term in terms:
        revoked = _term_revocation(term) is not None
        found.append(Downloadable("term", f"Renewed term {term.starts_on:%B %-d, %Y} to {term.ends_on:%B %-d, %Y}",
                                  (application.verified_at or application.submitted_at).date(),
                                  "" if revoked else routes.term_credential(term.id, term_tag(key_path, term.id)),
                                  revoked))
    found.sort(key=lambda d: d.issued_on, reverse=True)
    return found


@dataclass(frozen=True)
class Unsigned:
    """A credential as our records give it, before it is signed (signing is CPU work done off the event loop)."""

    document: dict
    created: datetime


def unsigned_at(*, session: Session, path: str, key_path: str | None, api_url: str, public_url: str,
                society: str, now: datetime, client: str | None = None, settings: Settings | None = None) -> Unsigned:
    """The credential served at ``path``, unsigned; KeyMissing while none can be issued.

    NotFound for any address that is not one of ours (with ``client``, counted as a miss: the caller keeps the
    count by not rolling back); Revoked for one that no longer holds; Throttled once the client has missed too
    often, as on the certificate verification page.
    """
    key = signing.load_key(key_path)
    if client is not None:
        certificates.refuse_if_guessing(session, client=client, now=now, settings=settings)
    common = dict(did=signing.did_key(key.public_key()), api_url=api_url, public_url=public_url, society=society)
    if match := CERT_PATH.match(path):
        certificate = session.exec(select(Certificate).where(Certificate.number == match[1])).first()
        if certificate is not None and signing.same(certificate.verification_code, match[2]):
            if (reason := certificate_revocation(session, certificate)) is not None:
                raise Revoked(reason)
            return Unsigned(_certificate_document(session, certificate, **common), certificate.issued_at)
    elif match := TERM_PATH.match(path):
        found = _renewed(session, int(match[1]))
        if found is not None and signing.same(term_tag(key_path, int(match[1])), match[2]):
            application, term = found
            if (reason := _term_revocation(term)) is not None:
                raise Revoked(reason)
            return Unsigned(_term_document(session, application, term, path=path, **common),
                            application.verified_at or now)
    if client is not None:
        certificates.count_miss(session, client=client, now=now)
    raise NotFound(NOT_FOUND)


def signed(unsigned: Unsigned, key_path: str | None) -> dict:
    """The credential with both proofs (CPU only: run it off the event loop)."""
    return signing.sign(unsigned.document, signing.load_key(key_path), created=unsigned.created)


def credential_at(*, session: Session, path: str, key_path: str | None, api_url: str, public_url: str,
                  society: str, now: datetime, client: str | None = None,
                  settings: Settings | None = None) -> dict:
    """The signed credential served at ``path`` (``unsigned_at``'s refusals)."""
    return signed(unsigned_at(session=session, path=path, key_path=key_path, api_url=api_url, public_url=public_url,
                              society=society, now=now, client=client, settings=settings), key_path)


def _status(session: Session, credential_id: str, api_url: str) -> tuple[bool, str]:
    """Revoked or not, from our records, for a credential whose signature is ours."""
    parts = urlsplit(credential_id)
    if f"{parts.scheme}://{parts.netloc}" != api_url:
        return True, NO_RECORD
    if match := CERT_PATH.match(parts.path):
        certificate = session.exec(select(Certificate).where(Certificate.number == match[1])).first()
        if certificate is None:
            return True, NO_RECORD
        reason = certificate_revocation(session, certificate)
        return reason is not None, reason or ""
    if match := TERM_PATH.match(parts.path):
        found = _renewed(session, int(match[1]))
        if found is None:
            return True, "The renewal this credential records was withdrawn."
        reason = _term_revocation(found[1])
        return reason is not None, reason or ""
    return True, NO_RECORD


def _parse(data: bytes | str) -> dict:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if len(raw) > MAX_BYTES:
        raise Invalid(f"This file is too large to be a credential (the limit is {MAX_BYTES // 1024} KB).")
    if not raw.strip():
        raise Invalid("Choose a credential file (.json) or paste its address.")
    try:
        document = json.loads(raw.decode("utf-8-sig"), parse_constant=_no_constant)
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        raise Invalid("This file is not a credential: it is not valid JSON.") from error
    if (not isinstance(document, dict) or not isinstance(document.get("type"), list)
            or "VerifiableCredential" not in document["type"]):
        raise Invalid("This file is not a verifiable credential.")
    return document


def _no_constant(name: str):
    raise ValueError(f"{name} is not JSON")


def _text(value: object) -> str:
    return value[:200] if isinstance(value, str) else ""


def _subject_name(document: dict) -> str:
    """The names the credential gives its subject; nothing for any shape but the one we write."""
    subject = document.get("credentialSubject")
    identifiers = subject.get("identifier") if isinstance(subject, dict) else None
    if isinstance(identifiers, dict):
        identifiers = [identifiers]
    if not isinstance(identifiers, list):
        return ""
    names = [i.get("identityHash") for i in identifiers if isinstance(i, dict)]
    return " · ".join(_text(n) for n in names if isinstance(n, str))


@dataclass(frozen=True)
class Examined:
    """What can be said of a credential file without our records: its facts and whether its proofs hold."""

    shown: dict = field(default_factory=dict)
    problem: str = ""
    signer: str = ""
    suites: tuple[str, ...] = ()
    ours: bool = False
    credential_id: str = ""
    status: object = None  # its credentialStatus, as written


def examine(data: bytes | str, key_path: str | None) -> Examined:
    """Parse a credential and check its proofs; CPU only, no database (the page runs it in a worker thread).

    Invalid for what is not a credential file at all; a credential whose proofs fail comes back with the reason.
    """
    document = _parse(data)
    issuer = document.get("issuer")
    shown = dict(name=_text(document.get("name")), subject=_subject_name(document),
                 issuer=_text(issuer.get("name") if isinstance(issuer, dict) else issuer),
                 valid_from=_text(document.get("validFrom")), valid_until=_text(document.get("validUntil")))
    try:
        proven = signing.check_proofs(document)
    except (ValueError, TypeError, RecursionError) as error:
        return Examined(shown=shown, problem=f"Not valid: {error}.")
    ours = signing.did_key(signing.load_key(key_path).public_key())
    issuer_id = issuer.get("id") if isinstance(issuer, dict) else issuer
    return Examined(shown=shown, signer=proven.signer, suites=proven.suites,
                    ours=proven.signer == ours and issuer_id == ours,
                    credential_id=_text(document.get("id")), status=document.get("credentialStatus"))


def judge(*, session: Session, examined: Examined, key_path: str | None, api_url: str,
          now: datetime) -> CredentialCheck:
    """The verdict on an examined credential: whether we issued it, and revocation by our records and our list."""
    shown = examined.shown
    if examined.problem:
        return CredentialCheck(signature_valid=False, ours=False, problem=examined.problem, **shown)
    if not examined.ours:
        return CredentialCheck(signature_valid=True, ours=False, suites=examined.suites, **shown,
                               problem="The signature is intact but it is not ours: this credential was not "
                                       "issued by this society.")
    revoked, reason = _status(session, examined.credential_id, api_url)
    try:
        listed = status_list.listed_status(session, examined.status, key_path=key_path, api_url=api_url, now=now)
    except ValueError as error:
        return CredentialCheck(signature_valid=True, ours=True, suites=examined.suites, revoked=True, **shown,
                               problem=f"Its revocation status cannot be read: {error}.")
    listed_word = ""
    if listed is not None:
        listed_word = "revoked" if listed.revoked else "not revoked"
        if listed.revoked and not revoked:
            revoked, reason = True, "Our status list marks it revoked."
    expired = bool(shown["valid_until"]) and shown["valid_until"] < _stamp(now)
    return CredentialCheck(signature_valid=True, ours=True, expired=expired, revoked=revoked, revoked_reason=reason,
                           suites=examined.suites, status_list=listed_word, **shown)


def check(*, session: Session, data: bytes | str, key_path: str | None, api_url: str,
          now: datetime) -> CredentialCheck:
    """Verify a credential file: both proofs, whether we issued it, dates, and revocation (records and list)."""
    return judge(session=session, examined=examine(data, key_path), key_path=key_path, api_url=api_url, now=now)


def prepare_address(*, session: Session, url: str, key_path: str | None, api_url: str, public_url: str,
                    society: str, now: datetime, client: str | None = None,
                    settings: Settings | None = None) -> Unsigned | CredentialCheck:
    """The credential at one of OUR addresses, unsigned, or the answer when there is none to check.

    Any other address is refused (Invalid) without being fetched. A wrong secret in the address is answered,
    not refused, so that with ``client`` the miss stays counted.
    """
    url = url.strip()
    parts = urlsplit(url) if len(url) <= 300 else None
    if parts is None or f"{parts.scheme}://{parts.netloc}" not in (api_url, public_url) or parts.query:
        raise Invalid("Only credential addresses of this site can be checked here; for any other, download the "
                      "file and upload it.")
    try:
        return unsigned_at(session=session, path=parts.path, key_path=key_path, api_url=api_url,
                           public_url=public_url, society=society, now=now, client=client, settings=settings)
    except NotFound:
        return CredentialCheck(signature_valid=False, ours=False, problem="No credential of ours is at that address.")
    except Revoked as revoked:
        return CredentialCheck(signature_valid=False, ours=True, revoked=True, revoked_reason=revoked.reason,
                               problem="REVOKED: this credential was issued by us but has been revoked. "
                                       + revoked.reason)


def examine_unsigned(unsigned: Unsigned, key_path: str | None) -> Examined:
    """Sign the credential as we hand it out, then examine that file (CPU only)."""
    return examine(json.dumps(signed(unsigned, key_path)), key_path)


def check_address(*, session: Session, url: str, key_path: str | None, api_url: str, public_url: str,
                  society: str, now: datetime, client: str | None = None,
                  settings: Settings | None = None) -> CredentialCheck:
    """Verify the credential at one of our addresses, as ``prepare_address``, ``examine_unsigned``, ``judge``."""
    prepared = prepare_address(session=session, url=url, key_path=key_path, api_url=api_url, public_url=public_url,
                               society=society, now=now, client=client, settings=settings)
    if isinstance(prepared, CredentialCheck):
        return prepared
    return judge(session=session, examined=examine_unsigned(prepared, key_path), key_path=key_path, api_url=api_url,
                 now=now)
