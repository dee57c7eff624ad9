"""Verifiable credentials: what other software reads to check a certificate or a renewed term.

- ``open_badges``: certificates and terms as Open Badges 3.0 credentials, and checking them;
- ``signing``: the society's Ed25519 key and the two Data Integrity proofs made with it;
- ``linked_data``: the bundled JSON-LD contexts and RDF canonicalization (RDFC-1.0) for one of those proofs;
- ``status_list``: the revocation status list other verifiers read (W3C Bitstring Status List).
"""
