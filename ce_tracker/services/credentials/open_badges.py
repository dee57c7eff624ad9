"""Certificates and renewed terms as Open Badges 3.0 credentials (W3C Verifiable Credentials), and checking them.

Each credential is JSON-LD signed with the society's Ed25519 key (``services.signing``: an ``eddsa-jcs-2022``
Data Integrity proof, the issuer a did:key), so anyone can check it without asking us. Its ``id`` is the
public address it downloads from; that address carries a secret (the certificate's verification code, or a
tag derived from the signing key for a term), so knowing a certificate number is not enough to fetch one.

Verification is public: a file (at most ``MAX_BYTES``) or one of our own credential addresses. An address is
resolved inside the app and never fetched over the network, so the page cannot be used to reach other
machines (no server-side request forgery). Revocation is looked up in our records at verification time.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timezone
from urllib.parse import urlsplit

from sqlmodel import Session, select

from ce_tracker import routes
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
from ce_tracker.services.credentials import signing
from ce_tracker.services.errors import Invalid, NotFound

MAX_BYTES = 64 * 1024
CONTEXT = ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"]
CERT_PATH = re.compile(rf"^{re.escape(routes.fixed_prefix(routes.CERTIFICATE_CREDENTIAL))}([A-Z0-9-]{{1,32}})/([A-Z0-9]{{1,16}})\.json$")
TERM_PATH = re.compile(rf"^{re.escape(routes.fixed_prefix(routes.TERM_CREDENTIAL))}([0-9]{{1,12}})/([a-z0-9]{{1,32}})\.json$")
NOT_FOUND = "No such credential."


@dataclass(frozen=True)
class Downloadable:
    """One credential the member can download: what it is and its public address (path)."""

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


def _subject(member: Member, achievement: dict, **extra: object) -> dict:
    return {"type": ["AchievementSubject"],
            "identifier": [{"type": "IdentityObject", "identityType": "name", "hashed": False,
                            "identityHash": member.full_name},
                           {"type": "IdentityObject", "identityType": "identifier", "hashed": False,
                            "identityHash": member.member_number}],
            "achievement": achievement, **extra}


def _envelope(*, url: str, name: str, did: str, society: str, public_url: str, valid_from: str,
              subject: dict, valid_until: str | None = None) -> dict:
    document = {"@context": CONTEXT, "id": url, "type": ["VerifiableCredential", "OpenBadgeCredential"],
                "name": name,
                "issuer": {"id": did, "type": ["Profile"], "name": society, "url": public_url},
                "validFrom": valid_from, "awardedDate": valid_from, "credentialSubject": subject}
    if valid_until:
        document["validUntil"] = valid_until
    return document


def _certificate_document(session: Session, certificate: Certificate, *, did: str, api_url: str,
                          public_url: str, society: str) -> dict:
    member = session.get(Member, certificate.member_id)
    activity = session.get(Activity, certificate.activity_id)
    total = session.get(EventSubmission, certificate.submission_id).total
    achievement = {"id": public_url + routes.activity_achievement(activity.id), "type": ["Achievement"],
                   "achievementType": "Course", "name": activity.title,
                   "description": activity.designation or f"Participation in {activity.title}",
                   "criteria": {"narrative": f"Attended {activity.title} ({activity.location}, "
                                             f"{activity.starts_on:%B %-d} to {activity.ends_on:%B %-d, %Y}) and "
                                             f"recorded the credits earned."}}
    return _envelope(url=api_url + cert_path(certificate), name=f"CME participation: {activity.title}", did=did,
                     society=society, public_url=public_url, valid_from=_stamp(certificate.issued_at),
                     subject=_subject(member, achievement, creditsEarned=float(total)))


def _term_document(session: Session, application: RenewalApplication, term: CertificationTerm, *, did: str,
                   path: str, api_url: str, public_url: str, society: str) -> dict:
    member = session.get(Member, term.member_id)
    program = session.get(ProgramRow, term.program_id)
    achievement = {"id": public_url + routes.program_achievement(program.code), "type": ["Achievement"],
                   "achievementType": "Certification", "name": program.name,
                   "description": f"{program.name}, renewed after the member's continuing education was verified.",
                   "criteria": {"narrative": f"Earned the {program.total_hours} hours of continuing education the "
                                             f"program requires in a {program.term_years}-year term."}}
    return _envelope(url=api_url + path, name=f"{program.name}: renewed term", did=did, society=society,
                     public_url=public_url, valid_from=_day_start(term.starts_on),
                     valid_until=_stamp(datetime.combine(term.ends_on, time(23, 59, 59), timezone.utc)),
                     subject=_subject(member, achievement))


def _renewed(session: Session, term_id: int) -> tuple[RenewalApplication, CertificationTerm] | None:
    """The verified renewal that opened term ``term_id``, with the term."""
    row = session.exec(select(RenewalApplication, CertificationTerm)
                       .join(CertificationTerm, CertificationTerm.id == RenewalApplication.next_term_id)
                       .where(RenewalApplication.next_term_id == term_id,
                              RenewalApplication.status == RenewalStatus.VERIFIED)).first()
    return tuple(row) if row else None


def my_credentials(*, session: Session, actor: Actor, key_path: str | None) -> list[Downloadable]:
    """The acting member's certificates and renewed terms, newest first; KeyMissing while none can be issued."""
    signing.load_key(key_path)
    found = [Downloadable("certificate", f"CME participation: {title}", c.issued_at.date(), cert_path(c),
                          c.revoked_at is not None)
             for c, title in session.exec(select(Certificate, Activity.title)
                                          .join(Activity, Activity.id == Certificate.activity_id)
                                          .where(Certificate.member_id == actor.member_id)).all()]
    terms = session.exec(select(RenewalApplication, CertificationTerm)
                         .join(CertificationTerm, CertificationTerm.id == RenewalApplication.next_term_id)
                         .where(RenewalApplication.member_id == actor.member_id,
                                RenewalApplication.status == RenewalStatus.VERIFIED)).all()
    if terms:
        for application, term in terms:
            found.append(Downloadable("term", f"Renewed term {term.starts_on:%B %-d, %Y} to {term.ends_on:%B %-d, %Y}",
                                      (application.verified_at or application.submitted_at).date(),
                                      routes.term_credential(term.id, term_tag(key_path, term.id)),
                                      term.status is TermStatus.LAPSED))
    found.sort(key=lambda d: d.issued_on, reverse=True)
    return found


def credential_at(*, session: Session, path: str, key_path: str | None, api_url: str, public_url: str,
                  society: str, now: datetime) -> dict:
    """The signed credential served at ``path``; NotFound for any address that is not one of ours."""
    key = signing.load_key(key_path)
    did = signing.did_key(key.public_key())
    common = dict(did=did, api_url=api_url, public_url=public_url, society=society)
    if match := CERT_PATH.match(path):
        certificate = session.exec(select(Certificate).where(Certificate.number == match[1])).first()
        if certificate is None or not signing.same(certificate.verification_code, match[2]):
            raise NotFound(NOT_FOUND)
        return signing.sign(_certificate_document(session, certificate, **common), key, created=certificate.issued_at)
    if match := TERM_PATH.match(path):
        found = _renewed(session, int(match[1]))
        if found is None or not signing.same(term_tag(key_path, int(match[1])), match[2]):
            raise NotFound(NOT_FOUND)
        application, term = found
        return signing.sign(_term_document(session, application, term, path=path, **common), key,
                            created=application.verified_at or now)
    raise NotFound(NOT_FOUND)


def _status(session: Session, credential_id: str, api_url: str) -> tuple[bool, str]:
    """Revoked or not, from our records, for a credential whose signature is ours."""
    parts = urlsplit(credential_id)
    if f"{parts.scheme}://{parts.netloc}" != api_url:
        return True, "We have no record of this credential."
    if match := CERT_PATH.match(parts.path):
        certificate = session.exec(select(Certificate).where(Certificate.number == match[1])).first()
        if certificate is None:
            return True, "We have no record of this credential."
        return certificate.revoked_at is not None, certificate.revoked_reason or ""
    if match := TERM_PATH.match(parts.path):
        found = _renewed(session, int(match[1]))
        if found is None:
            return True, "The renewal this credential records was withdrawn."
        lapsed = found[1].status is TermStatus.LAPSED
        return lapsed, "The certification lapsed." if lapsed else ""
    return True, "We have no record of this credential."


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
    subject = document.get("credentialSubject")
    identifiers = subject.get("identifier") if isinstance(subject, dict) else None
    names = [i.get("identityHash") for i in identifiers or [] if isinstance(i, dict)]
    return " · ".join(_text(n) for n in names if isinstance(n, str))


def check(*, session: Session, data: bytes | str, key_path: str | None, api_url: str,
          now: datetime) -> CredentialCheck:
    """Verify a credential file: signature, whether we issued it, dates, and revocation."""
    document = _parse(data)
    issuer = document.get("issuer")
    shown = dict(name=_text(document.get("name")), subject=_subject_name(document),
                 issuer=_text(issuer.get("name") if isinstance(issuer, dict) else issuer),
                 valid_from=_text(document.get("validFrom")), valid_until=_text(document.get("validUntil")))
    try:
        signer = signing.check_proof(document)
    except (ValueError, TypeError, RecursionError) as error:
        return CredentialCheck(signature_valid=False, ours=False, problem=f"Not valid: {error}.", **shown)
    ours = signing.did_key(signing.load_key(key_path).public_key())
    issuer_id = issuer.get("id") if isinstance(issuer, dict) else issuer
    if signer != ours or issuer_id != ours:
        return CredentialCheck(signature_valid=True, ours=False, **shown,
                               problem="The signature is intact but it is not ours: this credential was not "
                                       "issued by this society.")
    revoked, reason = _status(session, _text(document.get("id")), api_url)
    expired = bool(shown["valid_until"]) and shown["valid_until"] < _stamp(now)
    return CredentialCheck(signature_valid=True, ours=True, expired=expired, revoked=revoked,
                           revoked_reason=reason, **shown)


def check_address(*, session: Session, url: str, key_path: str | None, api_url: str, public_url: str,
                  society: str, now: datetime) -> CredentialCheck:
    """Verify the credential at one of OUR addresses; any other address is refused without being fetched."""
    url = url.strip()
    parts = urlsplit(url) if len(url) <= 300 else None
    if parts is None or f"{parts.scheme}://{parts.netloc}" not in (api_url, public_url) or parts.query:
        raise Invalid("Only credential addresses of this site can be checked here; for any other, download the "
                      "file and upload it.")
    try:
        document = credential_at(session=session, path=parts.path, key_path=key_path, api_url=api_url,
                                 public_url=public_url, society=society, now=now)
    except NotFound as error:
        raise Invalid("No credential of ours is at that address.") from error
    return check(session=session, data=json.dumps(document), key_path=key_path, api_url=api_url, now=now)
