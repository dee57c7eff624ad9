"""The revocation status list other verifiers read (W3C Bitstring Status List v1.0).

Each credential we issue names one bit (``credentialStatus``, a ``BitstringStatusListEntry``) of a list we sign
like the credentials themselves and serve at ``/credentials/status/<n>``. A bit is 1 when our records say the
credential no longer holds: the certificate was revoked or its credits struck; the renewal behind a term was
withdrawn or the term lapsed.

The records stay the truth; the signed list is what they said when it was last regenerated. A revocation and a
strike regenerate it in their own transaction, and every read compares the digest of the bits the records give
now with the digest of the bits signed, re-signing when they differ, so no cause of a change can leave the list
behind. Regenerations take the list row's lock first and only then read the records, so two revocations at the
same instant cannot each publish a list without the other's bit.

Places are given when a credential is first handed out, at random in the list (the spec's privacy advice),
once, and never to another credential (unique constraints). A list takes new places until half of it is given,
then the next list opens.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import io
import json
import secrets
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache

from sqlalchemy import exists, func, or_, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from ce_tracker import routes
from ce_tracker.models import (
    STATUS_LIST_BITS,
    Certificate,
    CertificationTerm,
    EventSubmission,
    RenewalApplication,
    RenewalStatus,
    StatusEntry,
    StatusList,
    TermStatus,
)
from ce_tracker.services.credentials import linked_data, signing
from ce_tracker.services.errors import Conflict

PURPOSE = "revocation"
FILL = STATUS_LIST_BITS // 2
MAX_AGE_SECONDS = 300  # how long a verifier may keep a copy: a revocation reaches everyone within five minutes
_TRIES = 20
MAX_LIST_BYTES = STATUS_LIST_BITS // 8 * 16


def list_url(api_url: str, list_id: int) -> str:
    return api_url + routes.status_list(list_id)


def entry_status(api_url: str, entry: StatusEntry) -> dict:
    """The ``credentialStatus`` a credential carries for its entry."""
    url = list_url(api_url, entry.list_id)
    return {"id": f"{url}#{entry.position}", "type": "BitstringStatusListEntry", "statusPurpose": PURPOSE,
            "statusListIndex": str(entry.position), "statusListCredential": url}


# --- places ---------------------------------------------------------------------------------------------

def _existing(session: Session, certificate_id: int | None, term_id: int | None) -> StatusEntry | None:
    column, value = ((StatusEntry.certificate_id, certificate_id) if certificate_id is not None
                     else (StatusEntry.term_id, term_id))
    return session.exec(select(StatusEntry).where(column == value)).first()


def _open_list(session: Session) -> int:
    """The list that takes new places, opening the next one when the latest is half given."""
    latest = session.exec(select(func.max(StatusList.id))).one()
    if latest is not None:
        given = session.exec(select(func.count()).select_from(StatusEntry)
                             .where(StatusEntry.list_id == latest)).one()
        if given < FILL:
            return latest
    number = (latest or 0) + 1
    try:
        with session.begin_nested():
            session.add(StatusList(id=number, purpose=PURPOSE))
    except IntegrityError:  # another request opened it at the same instant
        pass
    return number


def entry_for(session: Session, *, certificate_id: int | None = None, term_id: int | None = None) -> StatusEntry:
    """The credential's place, given now if it has none (at random; a place taken meanwhile is tried again)."""
    if (certificate_id is None) == (term_id is None):
        raise ValueError("one credential at a time")
    if found := _existing(session, certificate_id, term_id):
        return found
    list_id = _open_list(session)
    for _ in range(_TRIES):
        entry = StatusEntry(list_id=list_id, position=secrets.randbelow(STATUS_LIST_BITS),
                            certificate_id=certificate_id, term_id=term_id)
        try:
            with session.begin_nested():
                session.add(entry)
        except IntegrityError:
            if found := _existing(session, certificate_id, term_id):  # given by a request at the same instant
                return found
            continue  # that place was taken: draw again
        return entry
    raise Conflict("No place could be given in the status list; try again.")


# --- the bits -------------------------------------------------------------------------------------------

def _verified_renewal():
    return exists().where(RenewalApplication.next_term_id == CertificationTerm.id,
                          RenewalApplication.status == RenewalStatus.VERIFIED)


def revoked_positions(session: Session, list_id: int) -> list[int]:
    """The places in list ``list_id`` whose credentials our records say no longer hold."""
    certificates = (select(StatusEntry.position)
                    .join(Certificate, Certificate.id == StatusEntry.certificate_id)
                    .join(EventSubmission, EventSubmission.id == Certificate.submission_id)
                    .where(StatusEntry.list_id == list_id,
                           or_(Certificate.revoked_at.is_not(None), EventSubmission.withdrawn_at.is_not(None))))
    terms = (select(StatusEntry.position)
             .join(CertificationTerm, CertificationTerm.id == StatusEntry.term_id)
             .where(StatusEntry.list_id == list_id,
                    or_(CertificationTerm.status == TermStatus.LAPSED, ~_verified_renewal())))
    return sorted({*session.exec(certificates).all(), *session.exec(terms).all()})


def bitstring(positions: list[int]) -> bytes:
    """The list's bits, index 0 the most significant bit of the first byte (the spec's order)."""
    bits = bytearray(STATUS_LIST_BITS // 8)
    for position in positions:
        bits[position // 8] |= 0x80 >> (position % 8)
    return bytes(bits)


def encode(bits: bytes) -> str:
    """Multibase base64url (no padding, prefix "u") of the GZIP-compressed bits."""
    packed = gzip.compress(bits, mtime=0)
    return "u" + base64.urlsafe_b64encode(packed).rstrip(b"=").decode("ascii")


def decode(encoded: str) -> bytes:
    """The bits of an ``encodedList``; ValueError when it is not one of the spec's size."""
    if not isinstance(encoded, str) or not encoded.startswith("u") or len(encoded) > 200_000:
        raise ValueError("not a multibase base64url list")
    packed = base64.urlsafe_b64decode(encoded[1:] + "=" * (-len(encoded[1:]) % 4))
    bits = gzip.GzipFile(fileobj=io.BytesIO(packed)).read(MAX_LIST_BYTES + 1)  # a bomb stops at the limit
    if len(bits) > MAX_LIST_BYTES:
        raise ValueError("the list is larger than we read")
    if len(bits) * 8 < STATUS_LIST_BITS:
        raise ValueError("the list is shorter than the spec's minimum")
    return bits


def bit(bits: bytes, position: int) -> bool:
    return bool(bits[position // 8] & (0x80 >> (position % 8)))


# --- the signed list ------------------------------------------------------------------------------------

def _stamp(instant: datetime) -> str:
    return instant.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _document(list_id: int, bits: bytes, *, did: str, api_url: str, now: datetime) -> dict:
    url = list_url(api_url, list_id)
    return {"@context": [linked_data.VC_V2], "id": url,
            "type": ["VerifiableCredential", "BitstringStatusListCredential"], "issuer": did,
            "validFrom": _stamp(now),
            "credentialSubject": {"id": f"{url}#list", "type": "BitstringStatusList", "statusPurpose": PURPOSE,
                                  "encodedList": encode(bits)}}


def regenerate(session: Session, list_id: int, *, key_path: str | None, api_url: str, now: datetime) -> StatusList:
    """Sign list ``list_id`` anew from the records: its row locked first, then the records read."""
    session.execute(update(StatusList).where(StatusList.id == list_id).values(version=StatusList.version + 1))
    row = session.get(StatusList, list_id, populate_existing=True)
    key = signing.load_key(key_path)
    bits = bitstring(revoked_positions(session, list_id))
    document = signing.sign(_document(list_id, bits, did=signing.did_key(key.public_key()), api_url=api_url,
                                      now=now), key, created=now)
    row.document, row.digest, row.updated_at = json.dumps(document), hashlib.sha256(bits).hexdigest(), now
    session.add(row)
    session.flush()
    return row


def regenerate_for(session: Session, *, certificate_ids: list[int] = (), term_ids: list[int] = (),
                   key_path: str | None, api_url: str, now: datetime) -> None:
    """After a status changed: regenerate the lists holding those credentials' bits (none if never handed out).

    Without the signing key (removed since) the list is left as it was; ``published`` re-signs it once the key
    is back, because its digest no longer matches the records.
    """
    conditions = []
    if certificate_ids:
        conditions.append(StatusEntry.certificate_id.in_(list(certificate_ids)))
    if term_ids:
        conditions.append(StatusEntry.term_id.in_(list(term_ids)))
    if not conditions:
        return
    lists = session.exec(select(StatusEntry.list_id).where(or_(*conditions)).distinct()).all()
    try:
        for list_id in sorted(lists):
            regenerate(session, list_id, key_path=key_path, api_url=api_url, now=now)
    except signing.KeyMissing:  # a revocation never waits for the key: the first read after it re-signs
        return


def published(session: Session, list_id: int, *, key_path: str | None, api_url: str, now: datetime) -> str | None:
    """The signed list as JSON text (None for no such list), re-signed first if the records moved on."""
    row = session.get(StatusList, list_id)
    if row is None:
        return None
    if row.digest != hashlib.sha256(bitstring(revoked_positions(session, list_id))).hexdigest() or not row.document:
        row = regenerate(session, list_id, key_path=key_path, api_url=api_url, now=now)
    return row.document


@dataclass(frozen=True)
class ListedStatus:
    """What our own status list says of one credential."""

    revoked: bool
    signer: str


@lru_cache(maxsize=16)
def _read_list(text: str) -> tuple[str, bytes]:
    """(signer, bits) of a signed list, its proofs checked once per version (the text is the cache key)."""
    document = json.loads(text)
    proven = signing.check_proofs(document)
    subject = document.get("credentialSubject") or {}
    if subject.get("statusPurpose") != PURPOSE or "BitstringStatusListCredential" not in document.get("type", []):
        raise ValueError("it is not a revocation list")
    return proven.signer, decode(subject.get("encodedList"))


def listed_status(session: Session, status: object, *, key_path: str | None, api_url: str,
                  now: datetime) -> ListedStatus | None:
    """What the list named by a credential's ``credentialStatus`` says of it; None when it names none of ours.

    ValueError when the entry is malformed or our list does not hold its own signature.
    """
    if not isinstance(status, dict) or status.get("type") != "BitstringStatusListEntry":
        return None
    url, index = status.get("statusListCredential"), status.get("statusListIndex")
    prefix = api_url + routes.fixed_prefix(routes.STATUS_LIST)
    if not isinstance(url, str) or not url.startswith(prefix) or not url[len(prefix):].isdigit():
        return None
    if status.get("statusPurpose") != PURPOSE or not isinstance(index, str) or not index.isdigit() \
            or not 0 <= int(index) < STATUS_LIST_BITS or len(url) > 200:
        raise ValueError("its status entry is malformed")
    text = published(session, int(url[len(prefix):]), key_path=key_path, api_url=api_url, now=now)
    if text is None:
        raise ValueError("its status list does not exist")
    signer, bits = _read_list(text)
    return ListedStatus(revoked=bit(bits, int(index)), signer=signer)
