"""The society's Ed25519 key and the W3C Data Integrity proof ``eddsa-jcs-2022`` made with it.

Standards followed (so any verifier can check our credentials, and we theirs):
  - JSON Canonicalization Scheme, RFC 8785 (``canonical``): sorted keys by UTF-16 code units, no whitespace,
    ECMAScript string escapes and number forms;
  - did:key (W3C CCG) for the issuer: multicodec 0xed01 + the 32-byte public key, base58btc with a "z";
  - Data Integrity EdDSA Cryptosuites v1.0, ``eddsa-jcs-2022``: sign SHA-256(JCS(proof options with the
    document's @context)) || SHA-256(JCS(document without proof)); the proofValue is "z" + base58btc.

The private key lives in a PEM file outside the database (``python -m ce_tracker keygen PATH``; the path in
CE_SIGNING_KEY_FILE), so a database backup never carries the power to issue credentials.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
from datetime import datetime, timezone
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from ce_tracker.services.errors import DomainError

CRYPTOSUITE = "eddsa-jcs-2022"
ED25519_MULTICODEC = b"\xed\x01"
B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
NO_KEY = ("Credentials cannot be issued: the society's signing key is not configured. An administrator runs "
          "`python -m ce_tracker keygen PATH` and sets CE_SIGNING_KEY_FILE to that path.")


class KeyMissing(DomainError):
    """No signing key: the app refuses to issue rather than hand out unsigned credentials."""


# --- RFC 8785 -------------------------------------------------------------------------------------------

def _number(value: int | float) -> str:
    """ECMAScript Number.prototype.toString for a finite number (RFC 8785 section 3.2.2.3)."""
    if isinstance(value, bool):
        raise TypeError("bool is not a number")
    if isinstance(value, int):
        if abs(value) > 2**53:
            raise ValueError("integers beyond 2^53 have no exact JSON form")
        return str(value)
    if not math.isfinite(value):
        raise ValueError("NaN and Infinity are not JSON")
    if value == 0:
        return "0"
    digits, exponent = _shortest(abs(value))
    sign = "-" if value < 0 else ""
    n = exponent  # value = 0.digits * 10^n
    k = len(digits)
    if k <= n <= 21:
        return sign + digits + "0" * (n - k)
    if 0 < n <= 21:
        return sign + digits[:n] + "." + digits[n:]
    if -6 < n <= 0:
        return sign + "0." + "0" * -n + digits
    e = n - 1
    mantissa = digits[0] + ("." + digits[1:] if k > 1 else "")
    return f"{sign}{mantissa}e{'+' if e > 0 else '-'}{abs(e)}"


def _shortest(value: float) -> tuple[str, int]:
    """The shortest round-trip digits of ``value`` and n with value = 0.digits * 10^n."""
    mantissa, _, exp = repr(value).partition("e")
    whole, _, fraction = mantissa.partition(".")
    digits = (whole + fraction).lstrip("0")
    n = len(whole) + int(exp or 0) if whole != "0" else int(exp or 0) - (len(fraction) - len(fraction.lstrip("0")))
    return digits.rstrip("0") or "0", n


def canonical(value: object) -> bytes:
    """RFC 8785 canonical JSON of ``value`` as UTF-8 bytes."""
    return _jcs(value).encode("utf-8")


def _jcs(value: object) -> str:
    if value is None or isinstance(value, bool):
        return {None: "null", True: "true", False: "false"}[value]
    if isinstance(value, (int, float)):
        return _number(value)
    if isinstance(value, str):
        value.encode("utf-8")  # a lone surrogate cannot be canonicalized: refuse it
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ",".join(_jcs(v) for v in value) + "]"
    if isinstance(value, dict):
        keys = sorted(value, key=lambda k: k.encode("utf-16-be"))
        return "{" + ",".join(f"{_jcs(k)}:{_jcs(value[k])}" for k in keys) + "}"
    raise TypeError(f"{type(value).__name__} is not JSON")


# --- base58btc and did:key -------------------------------------------------------------------------------

def b58encode(data: bytes) -> str:
    number = int.from_bytes(data, "big")
    out = ""
    while number:
        number, rest = divmod(number, 58)
        out = B58[rest] + out
    return "1" * (len(data) - len(data.lstrip(b"\0"))) + out


def b58decode(text: str) -> bytes:
    number = 0
    for char in text:
        index = B58.find(char)
        if index < 0:
            raise ValueError("not base58")
        number = number * 58 + index
    body = number.to_bytes((number.bit_length() + 7) // 8, "big")
    return b"\0" * (len(text) - len(text.lstrip("1"))) + body


def public_bytes(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def did_key(key: Ed25519PublicKey) -> str:
    return "did:key:z" + b58encode(ED25519_MULTICODEC + public_bytes(key))


def key_from_did(did: str) -> Ed25519PublicKey:
    """The Ed25519 key a did:key (or its verification method ``did#fragment``) names; ValueError otherwise."""
    did = did.split("#", 1)[0]
    if not did.startswith("did:key:z") or len(did) > 100:
        raise ValueError("not an Ed25519 did:key")
    raw = b58decode(did[len("did:key:z"):])
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


# --- eddsa-jcs-2022 --------------------------------------------------------------------------------------

def _hash_data(document: dict, options: dict) -> bytes:
    config = {**options, "@context": document.get("@context")}
    return hashlib.sha256(canonical(config)).digest() + hashlib.sha256(canonical(document)).digest()


def sign(document: dict, key: Ed25519PrivateKey, *, created: datetime) -> dict:
    """``document`` with a DataIntegrityProof (eddsa-jcs-2022) by ``key`` added."""
    did = did_key(key.public_key())
    options = {"type": "DataIntegrityProof", "cryptosuite": CRYPTOSUITE,
               "created": created.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
               "verificationMethod": f"{did}#{did[len('did:key:'):]}", "proofPurpose": "assertionMethod"}
    signature = key.sign(_hash_data(document, options))
    return {**document, "proof": {**options, "proofValue": "z" + b58encode(signature)}}


def check_proof(credential: dict) -> str:
    """The did:key that signed ``credential``; ValueError saying what is wrong when the proof does not hold."""
    proof = credential.get("proof")
    if not isinstance(proof, dict):
        raise ValueError("it carries no proof")
    if proof.get("type") != "DataIntegrityProof" or proof.get("cryptosuite") != CRYPTOSUITE:
        raise ValueError(f"its proof is not a {CRYPTOSUITE} Data Integrity proof")
    value, method = proof.get("proofValue"), proof.get("verificationMethod")
    if not isinstance(value, str) or not value.startswith("z") or not isinstance(method, str):
        raise ValueError("its proof is incomplete")
    key = key_from_did(method)
    options = {k: v for k, v in proof.items() if k != "proofValue"}
    document = {k: v for k, v in credential.items() if k != "proof"}
    try:
        key.verify(b58decode(value[1:]), _hash_data(document, options))
    except (InvalidSignature, ValueError) as error:
        raise ValueError("its signature does not match its content: it was changed after signing") from error
    return method.split("#", 1)[0]


def same(a: str, b: str) -> bool:
    """Constant-time comparison of two secrets from a URL."""
    import hmac
    return hmac.compare_digest(a.encode(), b.encode())
