"""The revocation status list (W3C Bitstring Status List): places given once, bits from our records, signed.

What other verifiers make of the list is proven with their own software in tests/interop; here, what we publish.
"""

from __future__ import annotations

import json
import threading
from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from ce_tracker.config import settings as app_settings
from ce_tracker.models import STATUS_LIST_BITS, Certificate, Role, StatusEntry, StatusList
from ce_tracker.services.credentials import open_badges, signing, status_list
from ce_tracker.services.events import certificates, cme
from tests.utils import factories as f

END = date(2026, 10, 10)
AFTER = f.at(date(2026, 10, 12))
LATER = f.at(date(2026, 11, 25))
API = app_settings.api_url


@pytest.fixture
def key(tmp_path):
    path = tmp_path / "society.pem"
    signing.generate_key_file(path)
    return str(path)


def _certificates(session, count: int) -> list[Certificate]:
    member = f.person(session, certified_on=date(2022, 1, 10))
    found = []
    for n in range(count):
        activity = f.event(session, ends_on=END, title=f"Event {n}", days=1)
        [day] = f.event_days(session, activity)
        f.register(session, member, day)
        cme.save_day(session=session, actor=member, event_day_id=day.id, value="4", now=AFTER)
        submission = cme.submit_event(session=session, actor=member, activity_id=activity.id, now=AFTER)
        found.append(session.exec(select(Certificate).where(Certificate.submission_id == submission.id)).one())
    return found


def _download(session, key, certificate) -> dict:
    return open_badges.credential_at(session=session, path=open_badges.cert_path(certificate), key_path=key,
                                     api_url=API, public_url="http://site.test", society="AMI", now=AFTER)


def _listed(session, key, credential) -> bool:
    status = credential["credentialStatus"]
    text = status_list.published(session, int(status["statusListCredential"].rsplit("/", 1)[1]), key_path=key,
                                 api_url=API, now=LATER)
    document = json.loads(text)
    assert signing.check_proofs(document).signer == document["issuer"]
    return status_list.bit(status_list.decode(document["credentialSubject"]["encodedList"]),
                           int(status["statusListIndex"]))


def test_each_credential_names_its_own_place_in_a_list_of_the_spec_size(session, key):
    first, second = _certificates(session, 2)
    one, again, other = _download(session, key, first), _download(session, key, first), _download(session, key, second)
    assert one["credentialStatus"] == again["credentialStatus"]  # given once, the same at every download
    assert one["credentialStatus"]["statusListIndex"] != other["credentialStatus"]["statusListIndex"]
    status = one["credentialStatus"]
    assert status["type"] == "BitstringStatusListEntry" and status["statusPurpose"] == "revocation"
    assert status["statusListCredential"] == f"{API}/credentials/status/1"
    assert status["id"] == f"{status['statusListCredential']}#{status['statusListIndex']}"
    text = status_list.published(session, 1, key_path=key, api_url=API, now=LATER)
    document = json.loads(text)
    assert document["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert document["credentialSubject"]["encodedList"].startswith("u")  # multibase base64url of the gzip
    assert len(status_list.decode(document["credentialSubject"]["encodedList"])) * 8 == STATUS_LIST_BITS
    assert [p["cryptosuite"] for p in document["proof"]] == ["eddsa-rdfc-2022", "eddsa-jcs-2022"]


def test_a_place_is_never_given_twice(session, key):
    [certificate, other] = _certificates(session, 2)
    entry = status_list.entry_for(session, certificate_id=certificate.id)
    with pytest.raises(IntegrityError), session.begin_nested():
        session.add(StatusEntry(list_id=entry.list_id, position=entry.position, certificate_id=other.id))
    with pytest.raises(IntegrityError), session.begin_nested():
        session.add(StatusEntry(list_id=entry.list_id, position=(entry.position + 1) % STATUS_LIST_BITS,
                                certificate_id=certificate.id))


def test_revoking_a_certificate_sets_its_bit_and_only_its_bit(session, key, monkeypatch):
    monkeypatch.setattr(certificates, "default_settings", replace(app_settings, signing_key_file=key))
    revoked, kept = _certificates(session, 2)
    gone, stays = _download(session, key, revoked), _download(session, key, kept)
    assert not _listed(session, key, gone) and not _listed(session, key, stays)
    before = session.get(StatusList, 1).document
    certificates.revoke(session=session, actor=f.person(session, Role.STAFF), number=revoked.number,
                        reason="Attendance not confirmed", now=LATER)
    row = session.get(StatusList, 1)
    assert row.document != before and row.updated_at == LATER  # regenerated by the revocation itself
    assert _listed(session, key, gone) and not _listed(session, key, stays)


def test_the_published_list_catches_up_with_any_change_of_the_records(session, key):
    [certificate] = _certificates(session, 1)
    credential = _download(session, key, certificate)
    assert not _listed(session, key, credential)
    certificate.revoked_at, certificate.revoked_reason = LATER, "Set by another path"  # no regeneration asked
    session.add(certificate)
    session.flush()
    assert _listed(session, key, credential)


def test_a_list_half_given_opens_the_next(session, key, monkeypatch):
    monkeypatch.setattr(status_list, "FILL", 2)
    certificates_ = _certificates(session, 3)
    lists = [_download(session, key, c)["credentialStatus"]["statusListCredential"] for c in certificates_]
    assert lists == [f"{API}/credentials/status/1"] * 2 + [f"{API}/credentials/status/2"]


def test_our_check_reads_the_status_list_too(session, key):
    [certificate] = _certificates(session, 1)
    credential = _download(session, key, certificate)
    check = open_badges.check(session=session, data=json.dumps(credential), key_path=key, api_url=API, now=LATER)
    assert check.trusted and check.status_list == "not revoked"
    entry = session.exec(select(StatusEntry)).one()
    forged = {**credential["credentialStatus"], "statusListIndex": str((entry.position + 1) % STATUS_LIST_BITS)}
    assert not open_badges.check(session=session, data=json.dumps({**credential, "credentialStatus": forged}),
                                 key_path=key, api_url=API, now=LATER).signature_valid  # the entry is signed


@pytest.mark.postgres
@pytest.mark.parametrize("engine", ["postgres"], indirect=True)
def test_revocations_at_the_same_instant_all_reach_the_signed_list(units, engine, key, monkeypatch):
    """Each regeneration locks the list row before reading the records, so none publishes a list without the
    bit of a revocation committed just before it."""
    monkeypatch.setattr(certificates, "default_settings", replace(app_settings, signing_key_file=key))
    with units() as session:
        issued = _certificates(session, 4)
        credentials = [_download(session, key, c) for c in issued]
        staff = f.person(session, Role.STAFF)
        status_list.published(session, 1, key_path=key, api_url=API, now=AFTER)
    barrier, failures = threading.Barrier(len(issued)), []

    def revoke(number: str) -> None:
        try:
            with units() as session:
                barrier.wait(timeout=10)
                certificates.revoke(session=session, actor=staff, number=number, reason="Not confirmed", now=LATER)
        except Exception as error:  # noqa: BLE001 (reported below)
            failures.append(error)

    threads = [threading.Thread(target=revoke, args=(c.number,)) for c in issued]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert failures == []
    with units() as session:
        stored = json.loads(session.get(StatusList, 1).document)  # as signed by the last revocation, not re-read
    bits = status_list.decode(stored["credentialSubject"]["encodedList"])
    assert all(status_list.bit(bits, int(c["credentialStatus"]["statusListIndex"])) for c in credentials)
