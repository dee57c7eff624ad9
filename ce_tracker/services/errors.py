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
    """The input breaks a rule."""


class Conflict(DomainError):
    """The state moved on: already submitted, already used, already exists."""


class Throttled(DomainError):
    """Too many attempts in a short time."""
