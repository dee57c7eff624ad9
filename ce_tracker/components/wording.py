"""Small pieces of wording several pages use, so each is said the same way everywhere."""

from __future__ import annotations

from datetime import date

from ce_tracker import formatting as fmt


def span(starts_on: date, ends_on: date) -> str:
    """A term or period: "Jan 5, 2026 to Jan 4, 2029"."""
    return f"{fmt.day(starts_on)} to {fmt.day(ends_on)}"


def count(n: int, noun: str) -> str:
    """ "1 day", "3 days": a number with its (regular) noun."""
    return f"{n} {noun}{'' if n == 1 else 's'}"


def press(capitalized: bool = True):
    """ "Tap" on a touch screen, "Click" with a mouse (CSS picks one; screen readers read the visible one)."""
    import reflex as rx

    tap, click = ("Tap", "Click") if capitalized else ("tap", "click")
    return rx.fragment(rx.el.span(tap, class_name="touch-only"), rx.el.span(click, class_name="pointer-only"))
