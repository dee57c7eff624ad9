"""Our credentials as other parties' software reads them: Digital Bazaar's verifier and 1EdTech's JSON Schema.

Digital Bazaar's ``@digitalbazaar/vc`` with the Data Integrity ``eddsa-rdfc-2022`` and ``eddsa-jcs-2022``
cryptosuites and ``@digitalbazaar/vc-bitstring-status-list`` (the stack behind many wallets; versions pinned in
package.json, installed by the test command with the project's Node) verifies credentials the app issued and
reads our status list. One Node process checks every case of this file (verify.mjs); its document loader serves
only our bundled contexts, our published status lists and computed did:key documents.

1EdTech's AchievementCredential JSON Schema (tests/interop/schemas, source in SOURCES.md there) validates them too.
"""

from __future__ import annotations

import copy
import json
import subprocess
from dataclasses import replace
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest
from jsonschema import Draft201909Validator
from sqlmodel import select

from ce_tracker.config import settings as app_settings
from ce_tracker.models import Certificate, Role
from ce_tracker.services.credentials import linked_data, open_badges, signing, status_list
from ce_tracker.services.events import certificates, cme
from ce_tracker.services.renewal import applications, payments
from tests.utils import factories as f
from tests.utils.db import empty_sqlite, units_for

HERE = Path(__file__).parent
NODE = Path(__file__).resolve().parents[2] / ".venv" / "bin" / "node"
END = date(2026, 10, 10)
AFTER = f.at(date(2026, 10, 12))
LATER = f.at(date(2026, 11, 25))
API, SITE = app_settings.api_url, "http://site.test"
SETTINGS = replace(app_settings, renewal_fee_cents=15000)
SCHEMA = json.loads((HERE / "schemas" / "ob_v3p0_achievementcredential_schema.json").read_text())


def _certificate(session, name: str, title: str):
    member = f.person(session, name=name, certified_on=date(2022, 1, 10))
    activity = f.event(session, ends_on=END, title=title, days=2)
    days = f.event_days(session, activity)
    f.register(session, member, *days)
    for day, value in zip(days, ("6", "2.5")):
        cme.save_day(session=session, actor=member, event_day_id=day.id, value=value, now=AFTER)
    submission = cme.submit_event(session=session, actor=member, activity_id=activity.id, now=AFTER)
    return member, session.exec(select(Certificate).where(Certificate.submission_id == submission.id)).one()


def _download(session, key: str, path: str, now=AFTER) -> dict:
    return open_badges.credential_at(session=session, path=path, key_path=key, api_url=API, public_url=SITE,
                                     society="Society of Medical Illustrators", now=now)


@pytest.fixture(scope="module")
def issued(tmp_path_factory, sqlite_template) -> SimpleNamespace:
    """Credentials the app issued (one later revoked), our status lists as published, in files."""
    folder = tmp_path_factory.mktemp("interop")
    engine = empty_sqlite(sqlite_template, folder / "app.db")
    key = str(folder / "society.pem")
    signing.generate_key_file(key)
    units = units_for(engine)
    with units() as session:
        _, kept = _certificate(session, "Zoë Ñúñez-O'Brien", "Fall Convention:\tDrawing the Heart")
        _, revoked = _certificate(session, "Ada Lovelace", "Winter Workshop")
        renewing = f.person(session, name="Grace Hopper", certified_on=date(2022, 1, 10))
        f.enough_to_renew(session, renewing, date(2025, 6, 1))
        staff = f.person(session, Role.STAFF)
        application = applications.apply_for_renewal(session=session, actor=renewing, attested=True, now=LATER,
                                                     settings=SETTINGS)
        payments.record_payment(session=session, actor=staff, application_id=application.id, reference="R-1",
                                now=LATER, settings=SETTINGS)
        applications.verify_renewal(session=session, actor=staff, application_id=application.id, now=LATER,
                                    settings=SETTINGS)
        credentials = {"certificate": _download(session, key, open_badges.cert_path(kept)),
                       "revoked": _download(session, key, open_badges.cert_path(revoked))}
        [term] = open_badges.my_credentials(session=session, actor=renewing, key_path=key)
        credentials["term"] = _download(session, key, term.path, now=LATER)
    with units() as session:
        certificates.revoke(session=session, actor=staff, number=revoked.number, reason="Attendance not confirmed",
                            now=LATER)
    tampered = copy.deepcopy(credentials["certificate"])
    tampered["credentialSubject"]["creditsEarned"] = 40
    credentials["tampered"] = tampered
    files = {}
    for name, document in credentials.items():
        files[name] = folder / f"{name}.json"
        files[name].write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    lists = {}
    with units() as session:
        for list_id in {int(c["credentialStatus"]["statusListCredential"].rsplit("/", 1)[1])
                        for c in credentials.values()}:
            path = folder / f"status-{list_id}.json"
            path.write_text(status_list.published(session, list_id, key_path=key, api_url=API, now=LATER))
            lists[status_list.list_url(API, list_id)] = str(path)
    engine.dispose()
    return SimpleNamespace(credentials=credentials, files=files, lists=lists, folder=folder)


@pytest.fixture(scope="module")
def digital_bazaar(issued) -> dict:
    """Every case verified by one run of Digital Bazaar's software."""
    cases = [{"name": name, "file": str(path)} for name, path in issued.files.items()]
    cases += [{"name": f"certificate-{suite}", "file": str(issued.files["certificate"]), "suites": [suite]}
              for suite in signing.SUITES]
    spec = {"contexts": {url: str(linked_data.CONTEXT_DIR / name) for url, name in linked_data.BUNDLED.items()},
            "documents": issued.lists, "now": "2027-02-01T00:00:00Z", "cases": cases}
    spec_file = issued.folder / "cases.json"
    spec_file.write_text(json.dumps(spec))
    done = subprocess.run([str(NODE), str(HERE / "verify.mjs"), str(spec_file)], cwd=HERE, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_digital_bazaar_verifies_both_proofs_of_a_certificate_and_a_renewed_term(digital_bazaar):
    for name in ("certificate", "term"):
        verdict = digital_bazaar[name]
        assert verdict["verified"] is True, verdict
        assert sorted(p["cryptosuite"] for p in verdict["proofs"] if p["verified"]) == \
            ["eddsa-jcs-2022", "eddsa-rdfc-2022"], verdict
        assert verdict["statusVerified"] is True and verdict["revoked"] is False, verdict
    for suite in signing.SUITES:  # each proof alone is enough for a verifier that knows only its suite
        assert digital_bazaar[f"certificate-{suite}"]["verified"] is True, digital_bazaar[f"certificate-{suite}"]


def test_digital_bazaar_sees_a_revoked_certificate_as_revoked(digital_bazaar):
    verdict = digital_bazaar["revoked"]
    assert verdict["statusVerified"] is True and verdict["revoked"] is True, verdict


def test_digital_bazaar_rejects_a_tampered_credential(digital_bazaar):
    assert digital_bazaar["tampered"]["verified"] is False


def test_our_bundled_contexts_are_the_ones_the_npm_packages_publish(digital_bazaar):
    assert digital_bazaar["contextsMatch"] == {url: True for url in linked_data.BUNDLED}


def test_1edtech_schema_accepts_our_credentials(issued):
    validator = Draft201909Validator(SCHEMA)
    for name in ("certificate", "term", "revoked"):
        errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(
            issued.credentials[name])]
        assert errors == [], (name, errors)
    assert issued.credentials["certificate"]["credentialSchema"][0]["id"] == SCHEMA["$id"].replace(
        "ob_v3p0_achievementcredential-jsonschema1.json", "ob_v3p0_achievementcredential_schema.json")
    old_form = {**issued.credentials["certificate"], "proof": issued.credentials["certificate"]["proof"][1]}
    assert any("array" in e.message for e in validator.iter_errors(old_form))  # what 1EdTech refused before
