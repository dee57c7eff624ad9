"""Verifiable credentials: Open Badges 3.0 (W3C VC) signed with eddsa-jcs-2022, and checking them.

Certificates are the seed's CME participation records (R002-13); a renewed term is R000-18's next term.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from datetime import date

import base58
import pytest
import rfc8785
from sqlmodel import select

from ce_tracker.config import settings as app_settings
from ce_tracker.models import Certificate, Role
from ce_tracker.services.credentials import open_badges, signing
from ce_tracker.services.errors import Invalid, NotFound
from ce_tracker.services.events import certificates, cme
from ce_tracker.services.renewal import applications, payments
from tests.utils import factories as f

END = date(2026, 10, 10)
AFTER = f.at(date(2026, 10, 12))
LATER = f.at(date(2026, 11, 25))
API, SITE = "http://api.test", "http://site.test"


@pytest.fixture
def key(tmp_path):
    path = tmp_path / "keys" / "society.pem"
    signing.generate_key_file(path)
    return str(path)


def _issued(session):
    member = f.person(session, name="Ada Lovelace", certified_on=date(2022, 1, 10))
    activity = f.event(session, ends_on=END, title="Fall Convention")
    days = f.event_days(session, activity)
    f.register(session, member, *days)
    for day in days:
        cme.save_day(session=session, actor=member, event_day_id=day.id, value="6", now=AFTER)
    submission = cme.submit_event(session=session, actor=member, activity_id=activity.id, now=AFTER)
    return member, session.exec(select(Certificate).where(Certificate.submission_id == submission.id)).one()


def _download(session, key, path, now=AFTER):
    return open_badges.credential_at(session=session, path=path, key_path=key, api_url=API, public_url=SITE,
                                     society="AMI", now=now)


def _check(session, key, data, now=AFTER):
    if not isinstance(data, (str, bytes)):
        data = json.dumps(data)
    return open_badges.check(session=session, data=data, key_path=key, api_url=API, now=now)


def test_r002_13_a_certificate_is_an_open_badge_signed_with_a_standard_proof(session, key):
    member, certificate = _issued(session)
    [item] = open_badges.my_credentials(session=session, actor=member, key_path=key)
    vc = _download(session, key, item.path)
    assert vc["@context"][0] == "https://www.w3.org/ns/credentials/v2"
    assert vc["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert vc["id"] == API + item.path and vc["issuer"]["id"].startswith("did:key:z6Mk")
    assert vc["credentialSubject"]["achievement"]["name"] == "Fall Convention"
    assert vc["credentialSubject"]["creditsEarned"] == 18.0
    assert vc["validFrom"] == "2026-10-12T16:00:00Z"
    assert [p["cryptosuite"] for p in vc["proof"]] == ["eddsa-rdfc-2022", "eddsa-jcs-2022"]
    assert all(p["proofValue"].startswith("z") for p in vc["proof"])
    result = _check(session, key, vc)
    assert result.trusted and result.subject.startswith("Ada Lovelace") and result.issuer == "AMI"
    assert result.suites == ("eddsa-rdfc-2022", "eddsa-jcs-2022") and result.status_list == "not revoked"


def test_a_revoked_certificate_verifies_as_revoked(session, key):
    _, certificate = _issued(session)
    staff = f.person(session, Role.STAFF)
    vc = _download(session, key, open_badges.cert_path(certificate))
    certificates.revoke(session=session, actor=staff, number=certificate.number, reason="Attendance not confirmed",
                        now=LATER)
    result = _check(session, key, vc, now=LATER)
    assert result.signature_valid and result.ours and result.revoked and not result.trusted
    assert result.revoked_reason == "Attendance not confirmed"


def test_bad_input_a_tampered_credential_fails(session, key):
    _, certificate = _issued(session)
    vc = _download(session, key, open_badges.cert_path(certificate))
    vc["credentialSubject"]["creditsEarned"] = 40.0
    result = _check(session, key, vc)
    assert not result.signature_valid and "changed after signing" in result.problem


def test_bad_input_a_credential_signed_by_another_key_is_not_ours(session, key, tmp_path):
    _, certificate = _issued(session)
    vc = _download(session, key, open_badges.cert_path(certificate))
    other = signing.load_key(str(tmp_path / "other.pem") if signing.generate_key_file(tmp_path / "other.pem") else "")
    forged = {k: v for k, v in vc.items() if k != "proof"}
    forged["issuer"] = {**forged["issuer"], "id": signing.did_key(other.public_key())}
    result = _check(session, key, signing.sign(forged, other, created=AFTER))
    assert result.signature_valid and not result.ours and "not issued by this society" in result.problem
    # Keeping our issuer id but signing with the other key does not pass either.
    resigned = signing.sign({k: v for k, v in vc.items() if k != "proof"}, other, created=AFTER)
    assert not _check(session, key, resigned).ours


@pytest.mark.parametrize("data, message", [
    (b"{not json", "not valid JSON"),
    (b"\xff\xfe\x00", "not valid JSON"),
    (b"[" * 30000 + b"]" * 30000, "not valid JSON"),  # nested past the parser's depth: refused, no crash
    (b"[" * 70000, "too large"),
    (b'{"type": ["VerifiableCredential"], "x": ' + b"[" * 900 + b"]" * 900 + b"}", "no proof"),
    (b'{"type": ["VerifiableCredential"], "n": NaN}', "not valid JSON"),
    (b'{"type": "Nope"}', "not a verifiable credential"),
    (b"   ", "Choose a credential file"),
    (b" " * (open_badges.MAX_BYTES + 1), "too large"),
])
def test_bad_input_malformed_or_oversized_files_get_a_clear_message(session, key, data, message):
    try:
        result = _check(session, key, data)
    except Invalid as error:
        assert message in error.message
    else:
        assert not result.signature_valid and message in result.problem


def test_bad_input_a_credential_without_proof_is_not_valid(session, key):
    result = _check(session, key, {"type": ["VerifiableCredential"], "issuer": "x"})
    assert not result.signature_valid and "no proof" in result.problem


def test_a_renewed_term_is_a_credential_with_its_expiry(session, key):
    member = f.person(session, certified_on=date(2022, 1, 10))
    f.enough_to_renew(session, member, date(2025, 6, 1))
    staff = f.person(session, Role.STAFF)
    settings = replace(app_settings, renewal_fee_cents=15000)
    application = applications.apply_for_renewal(session=session, actor=member, attested=True, now=LATER,
                                            settings=settings)
    payments.record_payment(session=session, actor=staff, application_id=application.id, reference="R-1", now=LATER,
                           settings=settings)
    applications.verify_renewal(session=session, actor=staff, application_id=application.id, now=LATER, settings=settings)
    [item] = open_badges.my_credentials(session=session, actor=member, key_path=key)
    vc = _download(session, key, item.path, now=LATER)
    assert vc["validFrom"] == "2027-01-10T00:00:00Z" and vc["validUntil"] == "2032-01-09T23:59:59Z"
    assert vc["credentialSubject"]["achievement"]["achievementType"] == "Certification"
    assert _check(session, key, vc, now=LATER).trusted
    assert _check(session, key, vc, now=f.at(date(2032, 2, 1))).expired


def test_addresses_need_their_secret_and_only_our_own_are_checked(session, key):
    _, certificate = _issued(session)
    with pytest.raises(NotFound):
        _download(session, key, f"/credentials/certificate/{certificate.number}/WRONG1.json")
    with pytest.raises(NotFound):
        _download(session, key, "/credentials/term/1/0000.json")
    path = open_badges.cert_path(certificate)
    ok = open_badges.check_address(session=session, url=API + path, key_path=key, api_url=API, public_url=SITE,
                                   society="AMI", now=AFTER)
    assert ok.trusted
    for url in ("http://169.254.169.254/latest/meta-data", f"http://evil.test{path}", f"file://{path}",
                f"{API}{path}?x=1", "x" * 400):
        with pytest.raises(Invalid):
            open_badges.check_address(session=session, url=url, key_path=key, api_url=API, public_url=SITE,
                                      society="AMI", now=AFTER)
    wrong = open_badges.check_address(session=session, url=f"{API}/credentials/certificate/{certificate.number}/NOPE.json",
                                      key_path=key, api_url=API, public_url=SITE, society="AMI", now=AFTER)
    assert not wrong.trusted and "No credential of ours" in wrong.problem


def test_without_a_key_the_app_refuses_to_issue_and_says_so(session):
    _, certificate = _issued(session)
    with pytest.raises(signing.KeyMissing, match="keygen"):
        _download(session, None, open_badges.cert_path(certificate))
    with pytest.raises(signing.KeyMissing):
        _download(session, "/nonexistent/key.pem", open_badges.cert_path(certificate))


def test_a_credential_signed_before_the_proof_set_still_verifies(session, key):
    """Files members downloaded earlier carry one eddsa-jcs-2022 proof without its own @context."""
    _, certificate = _issued(session)
    document = {k: v for k, v in _download(session, key, open_badges.cert_path(certificate)).items()
                if k not in ("proof", "credentialStatus", "credentialSchema")}
    private = signing.load_key(key)
    did = signing.did_key(private.public_key())
    options = {"type": "DataIntegrityProof", "cryptosuite": "eddsa-jcs-2022", "created": "2026-10-12T16:00:00Z",
               "verificationMethod": f"{did}#{did[8:]}", "proofPurpose": "assertionMethod"}
    signature = private.sign(hashlib.sha256(rfc8785.dumps({**options, "@context": document["@context"]})).digest()
                             + hashlib.sha256(rfc8785.dumps(document)).digest())
    earlier = {**document, "proof": {**options, "proofValue": "z" + base58.b58encode(signature).decode()}}
    result = _check(session, key, earlier)
    assert result.trusted and result.suites == ("eddsa-jcs-2022",) and result.status_list == ""
