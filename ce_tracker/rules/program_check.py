"""Check a program typed by staff before it becomes rules.

Staff type a program in a form: every field arrives as text. ``check_program`` turns the draft into a
``Program`` or refuses it with every problem named in words, so a program that contradicts itself (a category
minimum above the total, minimums adding up to more than the total, a cap below a minimum, negative numbers,
empty or repeated names) never reaches the engine. Pure: no database, no clock.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .hours import HoursError, parse_hours
from .program import CapGroup, CategoryRule, Program

__all__ = ["FORMULA_START", "CategoryDraft", "GroupDraft", "ProgramDraft", "ProgramInvalid", "check_program",
           "plain"]

_WHOLE = re.compile(r"[0-9]{1,4}")  # ASCII digits only: other scripts' digits are refused, not guessed
_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,19}")
MAX_TERM_YEARS = 10
MAX_WINDOW_DAYS = 365
MAX_HOURS = Decimal(1000)
# What makes a spreadsheet run a cell as a formula (the full-width forms too, which some locales accept). A
# category's name becomes a CSV column of the Board's export, so a name may not start with one; every CSV cell
# is guarded as well (services.spreadsheets).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


class ProgramInvalid(ValueError):
    """A draft program the rules refuse; ``problems`` names each problem for a person."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(" ".join(problems))
        self.problems = tuple(problems)


@dataclass(frozen=True)
class CategoryDraft:
    """One category row as typed: its name, minimum and maximum (blank: no maximum), its combined cap's name."""

    name: str
    min_hours: str = "0"
    max_hours: str = ""
    group: str = ""

    @property
    def blank(self) -> bool:
        return not (self.name.strip() or self.max_hours.strip() or self.group.strip()
                    or self.min_hours.strip() not in ("", "0"))


@dataclass(frozen=True)
class GroupDraft:
    """A combined cap as typed: its name and the most hours its categories count together."""

    name: str
    max_hours: str = ""

    @property
    def blank(self) -> bool:
        return not (self.name.strip() or self.max_hours.strip())


@dataclass(frozen=True)
class ProgramDraft:
    code: str
    name: str
    term_years: str
    total_hours: str
    recording_window_days: str = "30"
    approval_window_days: str = "30"
    review_days: str = "14"
    timezone: str = "America/New_York"
    categories: tuple[CategoryDraft, ...] = ()
    groups: tuple[GroupDraft, ...] = ()


def plain(value: Decimal) -> str:
    """14.00 -> "14", 7.50 -> "7.5"."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


class _Problems(list):
    def hours(self, text: str, what: str, *, blank_ok: bool = False) -> Decimal | None:
        text = (text or "").strip()
        if not text and blank_ok:
            return None
        try:
            value = parse_hours(text)
        except HoursError as error:
            message = str(error)
            if message.startswith("Enter a number"):
                message = "enter a number of hours."
            elif "negative" in message:
                message = "hours cannot be negative."
            else:
                message = message[0].lower() + message[1:]
            self.append(f"{what}: {message}")
            return None
        if value > MAX_HOURS:
            self.append(f"{what}: enter at most {plain(MAX_HOURS)} hours.")
            return None
        return value

    def whole(self, text: str, what: str, low: int, high: int) -> int | None:
        text = (text or "").strip()
        if text.startswith("-") and _WHOLE.fullmatch(text[1:]):
            self.append(f"{what} cannot be negative.")
            return None
        if not _WHOLE.fullmatch(text) or not low <= int(text) <= high:
            self.append(f"{what}: enter a whole number from {low} to {high}.")
            return None
        return int(text)


def check_program(draft: ProgramDraft) -> Program:
    """The ``Program`` ``draft`` describes, or ``ProgramInvalid`` naming every problem."""
    problems = _Problems()
    code, name = draft.code.strip(), draft.name.strip()
    if not _CODE.fullmatch(code):
        problems.append("Give the program a short code: up to 20 letters, digits, dashes or underscores.")
    if not name or len(name) > 120:
        problems.append("Give the program a name (up to 120 characters).")
    years = problems.whole(draft.term_years, "Term length in years", 1, MAX_TERM_YEARS)  # R000-11: a term's length
    total = problems.hours(draft.total_hours, "Total hours")  # R000-11: the hours a term requires
    if total is not None and total <= 0:
        problems.append("Total hours: enter more than 0.")
        total = None
    days = [problems.whole(getattr(draft, key), what, 0, MAX_WINDOW_DAYS) for key, what in (
        ("recording_window_days", "Days to record credit"),  # R000-08
        ("approval_window_days", "Days to request approval after an activity"),  # R000-05
        ("review_days", "Days for the committee to decide"))]  # R000-04
    zone = draft.timezone.strip()
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        problems.append(f"Time zone {zone!r} is unknown; use a name such as America/New_York.")
    pairs = _categories(problems, [c for c in draft.categories if not c.blank], total)
    rules = [rule for rule, _ in pairs]
    groups = _groups(problems, [g for g in draft.groups if not g.blank], pairs)
    if problems:
        raise ProgramInvalid(list(problems))
    return Program(code=code, name=name, term_years=years, total_hours=total, categories=tuple(rules),
                   groups=tuple(groups), recording_window_days=days[0], approval_window_days=days[1],
                   review_days=days[2], timezone=zone)


def _formula_words(what: str, name: str) -> str:
    return (f"{what}: “{name}” starts with {name[0]}, which a spreadsheet would run as a formula; start the name "
            "with a letter or a digit.")


def _categories(problems: _Problems, drafts: list[CategoryDraft],
                total: Decimal | None) -> list[tuple[CategoryRule, str]]:
    """Categories with sound limits (R000-12, R000-13: a minimum required, a maximum counted), each with the
    combined cap typed on its row."""
    rules: list[tuple[CategoryRule, str]] = []
    seen: set[str] = set()
    for position, draft in enumerate(drafts, start=1):
        name = " ".join(draft.name.split())
        if not name or len(name) > 60:
            problems.append(f"Category {position}: give it a name (up to 60 characters).")
            continue
        if name.startswith(FORMULA_START):
            problems.append(_formula_words(f"Category {position}", name))
            continue
        if name.casefold() in seen:
            problems.append(f"Category “{name}” appears twice; list each category once.")
            continue
        seen.add(name.casefold())
        low = problems.hours(draft.min_hours or "0", f"{name} minimum")
        high = problems.hours(draft.max_hours, f"{name} maximum", blank_ok=True)
        if low is None or (high is None and draft.max_hours.strip()):
            continue
        if high is not None and high < low:
            problems.append(f"{name}: its maximum ({plain(high)}) is below its minimum ({plain(low)}).")
            continue
        if total is not None and low > total:
            problems.append(f"{name}: its minimum ({plain(low)}) is above the program's total ({plain(total)}).")
            continue
        rules.append((CategoryRule(name, low, high, required=low > 0), draft.group))
    minimums = sum((rule.min_hours for rule, _ in rules), Decimal(0))
    if total is not None and minimums > total:
        problems.append(f"The categories' minimums add up to {plain(minimums)} hours, more than the total of "
                        f"{plain(total)}.")
    return rules


def _groups(problems: _Problems, drafts: list[GroupDraft],
            pairs: list[tuple[CategoryRule, str]]) -> list[CapGroup]:
    """Combined caps (R000-14: Business and History together count at most 7)."""
    named: dict[str, list[str]] = {}
    for position, draft in enumerate(drafts, start=1):
        name = " ".join(draft.name.split())
        if not name or len(name) > 80:
            problems.append(f"Combined cap {position}: give it a name (up to 80 characters).")
        elif name.startswith(FORMULA_START):
            problems.append(_formula_words(f"Combined cap {position}", name))
        elif name.casefold() in {n.casefold() for n in named}:
            problems.append(f"Combined cap “{name}” appears twice; list each once.")
        else:
            named[name] = []
    return _fill_groups(problems, drafts, pairs, named)


def _fill_groups(problems: _Problems, drafts: list[GroupDraft], pairs: list[tuple[CategoryRule, str]],
                 named: dict[str, list[str]]) -> list[CapGroup]:
    rules = [rule for rule, _ in pairs]
    by_fold = {n.casefold(): n for n in named}
    for rule, typed in pairs:
        group = " ".join(typed.split())
        if group and group.casefold() not in by_fold:
            problems.append(f"{rule.name}: no combined cap is called “{group}”; add it below or clear the field.")
        elif group:
            named[by_fold[group.casefold()]].append(rule.name)
    groups = []
    for draft in drafts:
        name = " ".join(draft.name.split())
        if name not in named:
            continue
        cap = problems.hours(draft.max_hours, f"Combined cap “{name}”")
        if cap is None:
            continue
        members = named[name]
        if not members:
            problems.append(f"Combined cap “{name}” has no categories; name it in a category's row or remove it.")
            continue
        minimums = sum((r.min_hours for r in rules if r.name in members), Decimal(0))
        if cap < minimums:
            problems.append(f"Combined cap “{name}”: its cap ({plain(cap)}) is below its categories' minimums "
                            f"({plain(minimums)}).")
            continue
        groups.append(CapGroup(name, tuple(members), cap))
    return groups

