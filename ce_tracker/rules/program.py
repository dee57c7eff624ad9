"""A certification program's CE rules, expressed as plain immutable data.

Rules live in data rather than in code so that the standing and deadline
calculations stay generic: a second program (or a revised seed document)
means a new ``Program`` value, not new branches in the engine.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

__all__ = ["CategoryRule", "CapGroup", "Program", "CMI", "to_hours"]


def to_hours(value: object, what: str) -> Decimal:
    """Return ``value`` as a finite, non-negative Decimal or raise ValueError.

    Floats are refused because binary floating point cannot represent
    quarter hours plus sums of them reliably; ints are widened exactly.
    ``what`` names the offending field so the message is actionable.
    """
    if isinstance(value, bool) or not isinstance(value, (Decimal, int)):
        raise ValueError(
            f"{what}: hours must be a Decimal or int, not {type(value).__name__}"
        )
    hours = value if isinstance(value, Decimal) else Decimal(str(value))
    if not hours.is_finite():
        raise ValueError(f"{what}: hours must be a finite number, got {hours}")
    if hours < 0:
        raise ValueError(f"{what}: hours cannot be negative, got {hours}")
    return hours


@dataclass(frozen=True)
class CategoryRule:
    """Limits for one credit category.

    ``max_hours`` of None means uncapped on its own (a CapGroup may still
    limit it). ``required`` marks categories whose minimum gates renewal.
    """

    name: str
    min_hours: Decimal = Decimal(0)
    max_hours: Decimal | None = None
    required: bool = False

    def __post_init__(self) -> None:
        if not self.name or not isinstance(self.name, str):
            raise ValueError("category name must be a non-empty string")
        object.__setattr__(
            self, "min_hours", to_hours(self.min_hours, f"{self.name} minimum")
        )
        if self.max_hours is not None:
            maximum = to_hours(self.max_hours, f"{self.name} maximum")
            if self.min_hours > maximum:
                raise ValueError(
                    f"{self.name}: minimum {self.min_hours} exceeds maximum {maximum}"
                )
            object.__setattr__(self, "max_hours", maximum)


@dataclass(frozen=True)
class CapGroup:
    """A combined ceiling on the hours counted across several categories."""

    name: str
    categories: tuple[str, ...]
    max_hours: Decimal

    def __post_init__(self) -> None:
        if not self.name or not isinstance(self.name, str):
            raise ValueError("group name must be a non-empty string")
        object.__setattr__(self, "categories", tuple(self.categories))
        if not self.categories:
            raise ValueError(f"group {self.name!r} names no categories")
        if len(set(self.categories)) != len(self.categories):
            raise ValueError(f"group {self.name!r} repeats a category")
        object.__setattr__(
            self, "max_hours", to_hours(self.max_hours, f"group {self.name} cap")
        )


@dataclass(frozen=True)
class Program:
    """Everything the engine needs to judge one program's CE requirements.

    Validation happens here, once, so every calculation downstream can trust
    the rules it is handed.
    """

    code: str
    name: str
    term_years: int
    total_hours: Decimal
    categories: tuple[CategoryRule, ...]
    groups: tuple[CapGroup, ...]
    recording_window_days: int
    approval_window_days: int
    review_days: int
    timezone: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "categories", tuple(self.categories))
        object.__setattr__(self, "groups", tuple(self.groups))
        object.__setattr__(
            self, "total_hours", to_hours(self.total_hours, f"{self.code} total")
        )
        self._check_counts()
        self._check_categories_and_groups()
        try:
            ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError, TypeError) as exc:
            raise ValueError(f"unknown time zone {self.timezone!r}") from exc

    def _check_counts(self) -> None:
        """Term length must be positive; day windows must be non-negative ints."""
        if isinstance(self.term_years, bool) or not isinstance(self.term_years, int):
            raise ValueError("term_years must be an int")
        if self.term_years <= 0:
            raise ValueError("term_years must be positive")
        for field in ("recording_window_days", "approval_window_days", "review_days"):
            days = getattr(self, field)
            if isinstance(days, bool) or not isinstance(days, int) or days < 0:
                raise ValueError(f"{field} must be a non-negative int")

    def _check_categories_and_groups(self) -> None:
        """Names must be unique; groups may only name known categories.

        A category may belong to at most one group: with overlapping groups
        the order of cap allocation would change the result, and the seed
        document never needs that.
        """
        names = [rule.name for rule in self.categories]
        if len(set(names)) != len(names):
            raise ValueError("category names must be unique")
        group_names = [group.name for group in self.groups]
        if len(set(group_names)) != len(group_names):
            raise ValueError("group names must be unique")
        seen: set[str] = set()
        for group in self.groups:
            for name in group.categories:
                if name not in names:
                    raise ValueError(
                        f"group {group.name!r} names unknown category {name!r}"
                    )
                if name in seen:
                    raise ValueError(f"category {name!r} is in more than one group")
                seen.add(name)

    @property
    def category_names(self) -> tuple[str, ...]:
        """Category names in program order (the order used for allocation)."""
        return tuple(rule.name for rule in self.categories)

    def category(self, name: str) -> CategoryRule:
        """Return the rule for ``name``; an unknown name is a ValueError."""
        for rule in self.categories:
            if rule.name == name:
                return rule
        raise ValueError(f"unknown category {name!r} for program {self.code}")


# The seed's program: a 5-year term and 35 hours (R000-11); Art and Biomedical each at least 14, at most 21
# counted (R000-12, R000-13); Business and History optional, together at most 7 (R000-14); 30 days to record
# (R000-08) and to ask for approval (R000-05); the committee decides within 14 days (R000-04).
CMI = Program(
    code="CMI",
    name="Certified Medical Illustrator",
    term_years=5,
    total_hours=Decimal(35),
    categories=(
        CategoryRule("Art", Decimal(14), Decimal(21), required=True),
        CategoryRule("Biomedical", Decimal(14), Decimal(21), required=True),
        CategoryRule("Business", Decimal(0), None, required=False),
        CategoryRule("History", Decimal(0), None, required=False),
    ),
    groups=(CapGroup("Business & History", ("Business", "History"), Decimal(7)),),
    recording_window_days=30,
    approval_window_days=30,
    review_days=14,
    timezone="America/New_York",
)
