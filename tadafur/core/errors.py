"""Domain errors: what a service raises when a rule says no. Views map them to messages."""

from __future__ import annotations


class DomainError(Exception):
    """A rule of the domain refused the action. `message` is translated and shown to the user."""

    code = "domain_error"
    status = 400

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code:
            self.code = code


class NotAllowed(DomainError):
    """The actor may not do this; the message gives the reason."""

    code = "not_allowed"
    status = 403


class InvalidTransition(DomainError):
    """The object's state does not allow the requested move."""

    code = "invalid_transition"
    status = 409


class ValidationFailed(DomainError):
    """Input broke a rule; `errors` maps field names to messages."""

    code = "validation_failed"
    status = 422

    def __init__(self, message: str, *, errors: dict[str, list[str]] | None = None) -> None:
        super().__init__(message)
        self.errors = errors or {}
