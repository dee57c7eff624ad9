"""A program as plain data and as the editor's text fields, and back: pure conversions (no database).

The JSON form is what a saved program version keeps, so a term pinned to a version reads the rules it was under.
"""

from __future__ import annotations

from decimal import Decimal

from ce_tracker.rules.program import CapGroup, CategoryRule, Program
from ce_tracker.rules.program_check import CategoryDraft, GroupDraft, ProgramDraft, plain


def as_data(program: Program) -> dict:
    """A program as JSON-friendly data (hours as plain text, so nothing is rounded and 35.00 reads 35)."""
    return {"code": program.code, "name": program.name, "term_years": program.term_years,
            "total_hours": plain(program.total_hours), "timezone": program.timezone,
            "recording_window_days": program.recording_window_days,
            "approval_window_days": program.approval_window_days, "review_days": program.review_days,
            "categories": [[c.name, plain(c.min_hours), None if c.max_hours is None else plain(c.max_hours), c.required]
                           for c in program.categories],
            "groups": [[g.name, list(g.categories), plain(g.max_hours)] for g in program.groups]}


def from_data(data: dict) -> Program:
    """The ``Program`` that ``as_data`` wrote."""
    return Program(code=data["code"], name=data["name"], term_years=data["term_years"],
                   total_hours=Decimal(data["total_hours"]), timezone=data["timezone"],
                   recording_window_days=data["recording_window_days"],
                   approval_window_days=data["approval_window_days"], review_days=data["review_days"],
                   categories=tuple(CategoryRule(n, Decimal(lo), None if hi is None else Decimal(hi), req)
                                    for n, lo, hi, req in data["categories"]),
                   groups=tuple(CapGroup(n, tuple(cats), Decimal(cap)) for n, cats, cap in data["groups"]))


def as_draft(program: Program) -> ProgramDraft:
    """A program as the editor's text fields."""
    group_of = {name: g.name for g in program.groups for name in g.categories}
    return ProgramDraft(code=program.code, name=program.name, term_years=str(program.term_years),
                        total_hours=plain(program.total_hours),
                        recording_window_days=str(program.recording_window_days),
                        approval_window_days=str(program.approval_window_days),
                        review_days=str(program.review_days), timezone=program.timezone,
                        categories=tuple(CategoryDraft(c.name, plain(c.min_hours),
                                                       "" if c.max_hours is None else plain(c.max_hours),
                                                       group_of.get(c.name, "")) for c in program.categories),
                        groups=tuple(GroupDraft(g.name, plain(g.max_hours)) for g in program.groups))
