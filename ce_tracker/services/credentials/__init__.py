"""Verifiable credentials: what other software reads to check a certificate or a renewed term.

- ``open_badges``: certificates and terms as Open Badges 3.0 credentials, and checking them;
- ``signing``: the society's Ed25519 key and the Data Integrity proofs made with it.
"""
