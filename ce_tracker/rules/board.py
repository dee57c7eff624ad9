"""How the Board of Certification groups certificants (R000-25: it keeps track of term expiration dates).

A certificant's status is the member's own (``rules.status``): the Board counts the same words the member reads.
"""

from __future__ import annotations

from datetime import date

__all__ = ["quarter_of"]


def quarter_of(day: date) -> str:
    """The calendar quarter a term ends in, as the Board's cohorts name it: "2027 Q3"."""
    return f"{day.year} Q{(day.month - 1) // 3 + 1}"
