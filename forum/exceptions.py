"""Domain errors raised by services; errors.py maps them to HTTP answers."""


class DomainError(Exception):
    """Base class for rule violations a user can cause."""

    def __init__(self, message: str = ""):
        super().__init__(message)
        self.message = message


class NotAllowed(DomainError):
    """The acting user may not do this (403)."""


class NotFound(DomainError):
    """The thing asked for does not exist or is not visible (404)."""


class Conflict(DomainError):
    """The action clashes with the current state, e.g. a locked thread (409)."""


class Invalid(DomainError):
    """Input breaks a rule that needs the database; shown next to `field`."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


class NeedsConfirmation(Invalid):
    """A posting check found something the author may still post once they confirm it
    (forum/threads/hooks.py): `check` names the check to confirm, `findings` say what it
    found and where (each with start, end, kind and label, offsets into the field)."""

    def __init__(self, field: str, message: str, *, check: str, findings: list):
        super().__init__(field, message)
        self.check = check
        self.findings = findings


class RateLimited(DomainError):
    """Too many attempts in the window (429); `retry_after` is in seconds."""

    def __init__(self, message: str, retry_after: int):
        super().__init__(message)
        self.retry_after = retry_after
