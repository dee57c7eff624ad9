"""Typed refusals with a message fit to show a person."""

from __future__ import annotations


class DomainError(Exception):
    """A request the service refuses; ``str(error)`` is shown to the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotAllowed(DomainError):
    """The acting person may not do this."""


class NotFound(DomainError):
    """The thing does not exist, or is not the acting person's to see."""


class Invalid(DomainError):
    """The input breaks a rule.

    ``kind`` says what is wrong in a word a program can test ("blank", "too_long",
    "not_text", "not_date", "not_number", "negative", "not_positive", "too_many",
    "step", or "invalid" when nothing finer applies) and ``field`` which input it
    is, so callers choose a message by kind, never by matching the message's text.
    """

    def __init__(self, message: str, *, kind: str = "invalid", field: str = "") -> None:
        super().__init__(message)
        self.kind = kind
        self.field = field


class Conflict(DomainError):
    """The state moved on: already submitted, already used, already exists."""


class Throttled(DomainError):
    """Too many attempts in a short time."""
