"""JSON-LD for the eddsa-rdfc-2022 proof: bundled contexts only, safe mode's rules, and bounded work.

That our canonical form is the one other software computes is proven in tests/interop (Digital Bazaar's
verifier accepts our eddsa-rdfc-2022 proofs); here, what we refuse and why.
"""

from __future__ import annotations

import time

import pytest

from ce_tracker.services.credentials import linked_data, open_badges
from ce_tracker.services.credentials.linked_data import NotCanonical, canonical_nquads

BASE = {"@context": open_badges.CONTEXT, "id": "https://api.example/credentials/1",
        "type": ["VerifiableCredential", "OpenBadgeCredential"], "name": "CME participation",
        "issuer": {"id": "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK", "type": ["Profile"],
                   "name": "AMI"},
        "validFrom": "2026-10-12T16:00:00Z",
        "credentialSubject": {"type": ["AchievementSubject"], "creditsEarned": 18.0,
                              "achievement": {"id": "https://site.example/a/1", "type": ["Achievement"],
                                              "name": "Fall", "criteria": {"narrative": "Attended."}}},
        "credentialSchema": open_badges.SCHEMA}


def test_a_credential_canonicalizes_with_every_term_defined():
    nquads = canonical_nquads(BASE)
    assert '"18"^^<https://www.w3.org/2001/XMLSchema#float>' in nquads  # 18.0 as JavaScript reads it
    assert "#1EdTechJsonSchemaValidator2019>" in nquads and "_:c14n0" in nquads


@pytest.mark.parametrize("change, reason", [
    ({"foo": 1}, "term 'foo' is not defined"),
    ({"type": ["VerifiableCredential", "Nope"]}, "type 'Nope' is not defined"),
    ({"id": "credentials/1"}, "not an absolute IRI"),
    ({"@context": [linked_data.VC_V2, "https://evil.example/context.json"]}, "is not one we know"),
    ({"name": "Tab\tis fine, bell\x07 is not"}, "control characters"),
    ({"credentialSubject": {"type": ["AchievementSubject"], "creditsEarned": 1e-7}}, "too small"),
])
def test_safe_mode_refuses_what_would_drop_out_of_the_signature(change, reason):
    with pytest.raises(NotCanonical, match=reason):
        canonical_nquads({**BASE, **change})


def test_a_context_is_never_fetched():
    with pytest.raises(Exception, match="not one we know"):
        linked_data.load_document("https://www.w3.org/2018/credentials/v1")
    assert linked_data.load_document(linked_data.OB_V3)["document"]["@context"]["@protected"] is True


@pytest.mark.parametrize("subjects, identifiers", [(2, 3), (4, 4), (1, 40)])
def test_crafted_blank_node_graphs_are_refused_quickly(subjects, identifiers):
    alike = {"type": "IdentityObject", "identityType": "name", "hashed": False, "identityHash": "x"}
    subject = {"type": ["AchievementSubject"], "identifier": [dict(alike) for _ in range(identifiers)]}
    started = time.perf_counter()
    with pytest.raises(NotCanonical, match="unnamed parts|too much work"):
        canonical_nquads({**BASE, "credentialSubject": [dict(subject) for _ in range(subjects)]})
    assert time.perf_counter() - started < 0.5
