"""The society's Ed25519 key and the two W3C Data Integrity proofs made with it.

Every credential carries both proofs over the same content, as a proof set (``"proof": [rdfc, jcs]``):

  - ``eddsa-rdfc-2022``: SHA-256 of the RDFC-1.0 canonical N-Quads (``linked_data``) of the proof options and of
    the document. It is the suite wallets and 1EdTech's Open Badges certification accept;
  - ``eddsa-jcs-2022``: SHA-256 of the JSON Canonicalization Scheme form (RFC 8785, the ``rfc8785`` package) of
    the same two. It needs no JSON-LD processing, so it is checked first and cheaply;

both from the Data Integrity EdDSA Cryptosuites v1.0: sign hash(proof options with the document's @context) ||
hash(document without proof); the proofValue is "z" + base58btc (the ``base58`` package) of the 64-byte signature.
The issuer is a did:key (W3C CCG): multicodec 0xed01 + the 32-byte public key, base58btc with a "z".

Checking costs nothing before the cheap tests pass: a proofValue that is not the length of an Ed25519
signature is refused before it is decoded, at most ``MAX_PROOFS`` proofs are looked at, and the RDFC proof is
canonicalized only once the JCS proof (when there is one) holds. Callers on the event loop run ``check_proofs``
in a worker thread (``Work.off_loop``): even a bounded canonicalization takes milliseconds.

The private key lives in a PEM file outside the database (``python -m ce_tracker keygen PATH``; the path in
CE_SIGNING_KEY_FILE), so a database backup never carries the power to issue credentials.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import base58
import rfc8785
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from ce_tracker.services.credentials import linked_data
from ce_tracker.services.errors import DomainError

JCS = "eddsa-jcs-2022"
RDFC = "eddsa-rdfc-2022"
SUITES = (RDFC, JCS)
ED25519_MULTICODEC = b"\xed\x01"
# "z" + base58btc of 64 bytes: 88 characters at most; 65 only if every byte were zero.
PROOF_VALUE_LENGTHS = range(65, 90)
PROOF_VALUE = re.compile(r"z[1-9A-HJ-NP-Za-km-z]+")
MAX_PROOFS = 2
NO_KEY = ("Credentials cannot be issued: the society's signing key is not configured. An administrator runs "
          "`python -m ce_tracker keygen PATH` and sets CE_SIGNING_KEY_FILE to that path.")


class KeyMissing(DomainError):
    """No signing key: the app refuses to issue rather than hand out unsigned credentials."""


# --- did:key ---------------------------------------------------------------------------------------------

def public_bytes(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def did_key(key: Ed25519PublicKey) -> str:
    return "did:key:z" + base58.b58encode(ED25519_MULTICODEC + public_bytes(key)).decode("ascii")


def key_from_did(did: str) -> Ed25519PublicKey:
    """The Ed25519 key a did:key (or its verification method ``did#fragment``) names; ValueError otherwise."""
    did = did.split("#", 1)[0]
    if not did.startswith("did:key:z") or len(did) > 100:
        raise ValueError("not an Ed25519 did:key")
    raw = base58.b58decode(did[len("did:key:z"):])
    if raw[:2] != ED25519_MULTICODEC or len(raw) != 34:
        raise ValueError("not an Ed25519 did:key")
    return Ed25519PublicKey.from_public_bytes(raw[2:])


# --- the key file ----------------------------------------------------------------------------------------

def generate_key_file(path: str | Path) -> str:
    """Write a new private key (PEM, PKCS#8, readable by its owner only); refuses to overwrite. Returns the DID."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as file:
        file.write(pem)
    return did_key(key.public_key())


_cache: dict[str, tuple[float, Ed25519PrivateKey]] = {}


def load_key(path: str | None) -> Ed25519PrivateKey:
    """The society's key from ``path`` (read again only when the file changes); KeyMissing without one."""
    if not path:
        raise KeyMissing(NO_KEY)
    try:
        mtime = os.stat(path).st_mtime
        if path in _cache and _cache[path][0] == mtime:
            return _cache[path][1]
        key = serialization.load_pem_private_key(Path(path).read_bytes(), password=None)
    except (OSError, ValueError) as error:
        raise KeyMissing(NO_KEY) from error
    if not isinstance(key, Ed25519PrivateKey):
        raise KeyMissing(NO_KEY)
    _cache[path] = (mtime, key)
    return key


# --- the two proofs --------------------------------------------------------------------------------------

def _hash_data(suite: str, document: dict, options: dict) -> bytes:
    """hash(proof options with the document's @context) || hash(document), canonical by the suite's rule.

    A JCS proof carries that @context itself (the suite's Create Proof step 2); one made before we followed
    that step has none and was signed with the document's, which is used for it.
    """
    config = {**options, "@context": options.get("@context", document.get("@context"))}
    if suite == JCS:
        canonical = rfc8785.dumps
    else:
        def canonical(value: dict) -> bytes:
            return linked_data.canonical_nquads(value).encode("utf-8")
    document_hash = hashlib.sha256(canonical(document)).digest()  # first: a document refused costs no more
    return hashlib.sha256(canonical(config)).digest() + document_hash


def _options(suite: str, did: str, created: datetime) -> dict:
    return {"type": "DataIntegrityProof", "cryptosuite": suite,
            "created": created.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "verificationMethod": f"{did}#{did[len('did:key:'):]}", "proofPurpose": "assertionMethod"}


def sign(document: dict, key: Ed25519PrivateKey, *, created: datetime) -> dict:
    """``document`` (without a proof) with both proofs by ``key``: eddsa-rdfc-2022, then eddsa-jcs-2022."""
    did = did_key(key.public_key())
    proofs = []
    for suite in SUITES:
        options = _options(suite, did, created)
        if suite == JCS and "@context" in document:
            options["@context"] = document["@context"]
        signature = key.sign(_hash_data(suite, document, options))
        proofs.append({**options, "proofValue": "z" + base58.b58encode(signature).decode("ascii")})
    return {**document, "proof": proofs}


@dataclass(frozen=True)
class Proven:
    """Whose key signed a credential, and with which suites (every proof it carries held)."""

    signer: str
    suites: tuple[str, ...]


def _shape(proof: object) -> tuple[str, str, str]:
    """(suite, proofValue, verificationMethod) of a well-formed proof; ValueError before any decoding."""
    if not isinstance(proof, dict):
        raise ValueError("its proof is not a proof")
    suite = proof.get("cryptosuite")
    if proof.get("type") != "DataIntegrityProof" or suite not in SUITES:
        raise ValueError(f"its proof is not a {RDFC} or {JCS} Data Integrity proof")
    value, method = proof.get("proofValue"), proof.get("verificationMethod")
    if not isinstance(value, str) or not isinstance(method, str) or not isinstance(proof.get("created"), str):
        raise ValueError("its proof is incomplete")
    if len(value) not in PROOF_VALUE_LENGTHS:
        raise ValueError("its proof value is not the length of an Ed25519 signature")
    if not PROOF_VALUE.fullmatch(value):
        raise ValueError("its proof value is not base58btc")
    return suite, value, method


def _verify(suite: str, value: str, method: str, document: dict, proof: dict) -> None:
    key = key_from_did(method)
    signature = base58.b58decode(value[1:])
    if len(signature) != 64:
        raise ValueError("its proof value is not an Ed25519 signature")
    options = {k: v for k, v in proof.items() if k != "proofValue"}
    if "@context" in options:  # the proof's context must begin the document's (and is what the document had)
        mine = options["@context"] if isinstance(options["@context"], list) else [options["@context"]]
        theirs = document.get("@context")
        theirs = theirs if isinstance(theirs, list) else [theirs]
        if suite != JCS or theirs[:len(mine)] != mine:
            raise ValueError("its proof's @context does not begin its own")
        document = {**document, "@context": options["@context"]}
    try:
        key.verify(signature, _hash_data(suite, document, options))
    except InvalidSignature as error:
        raise ValueError("its signature does not match its content: it was changed after signing") from error


def check_proofs(credential: dict) -> Proven:
    """Verify every proof ``credential`` carries; ValueError saying what is wrong when one does not hold.

    A proof may be one object (credentials we issued before the proof set) or a list of up to ``MAX_PROOFS``,
    each suite once, all by the same key. Cheap checks first: the shapes and lengths of all, then JCS, then RDFC.
    """
    proofs = credential.get("proof")
    proofs = [proofs] if isinstance(proofs, dict) else proofs
    if not isinstance(proofs, list) or not proofs:
        raise ValueError("it carries no proof")
    if len(proofs) > MAX_PROOFS:
        raise ValueError(f"it carries more than {MAX_PROOFS} proofs")
    shapes = [_shape(p) for p in proofs]
    suites = [suite for suite, _, _ in shapes]
    if len(set(suites)) != len(suites):
        raise ValueError("it carries the same kind of proof twice")
    signers = {method.split("#", 1)[0] for _, _, method in shapes}
    if len(signers) != 1:
        raise ValueError("its proofs are by different keys")
    document = {k: v for k, v in credential.items() if k != "proof"}
    for (suite, value, method), proof in sorted(zip(shapes, proofs), key=lambda pair: pair[0][0] != JCS):
        _verify(suite, value, method, document, proof)
    return Proven(signer=signers.pop(), suites=tuple(suites))


def same(a: str, b: str) -> bool:
    """Constant-time comparison of two secrets from a URL."""
    return hmac.compare_digest(a.encode(), b.encode())
