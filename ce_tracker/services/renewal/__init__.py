"""Renewal and the whole certification term (R000-15 to R000-18). Import from the modules.

- ``window``: the term's phase: renewal window, grace while something is pending, lapse (and the sweep);
- ``applications``: the member applies; headquarters verify or return;
- ``payments``: the fee, recorded singly or imported from a CSV, matched by reference;
- ``evidence``: every credit line behind a standing, and striking a wrong one;
- ``reinstatement``: a passed exam starts a new term;
- ``documents``: invoice and receipt PDFs;
- ``common``: what every part shares (the society's today, the fee in words, the status enums pages word).
"""
