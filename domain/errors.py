"""Errors of the domain layer, one root so edges can translate them in one place.

DomainError
├── InvalidInput                 a value typed by a user does not have the expected shape
│   ├── InvalidPhoneNumber
│   ├── InvalidCustomerNumber
│   ├── InvalidEmail
│   └── InvalidAmount
├── NotFound                     a line, account, invoice or payment does not exist
├── Conflict                     the state changed under us (already paid, version mismatch)
└── Refused                      a business rule says no (entreprise line, locked account...)
"""


class DomainError(Exception):
    """Root of every error the domain raises on purpose."""


class InvalidInput(DomainError):
    pass


class InvalidPhoneNumber(InvalidInput):
    pass


class InvalidCustomerNumber(InvalidInput):
    pass


class InvalidEmail(InvalidInput):
    pass


class InvalidAmount(InvalidInput):
    pass


class NotFound(DomainError):
    pass


class Conflict(DomainError):
    pass


class Refused(DomainError):
    """A rule refuses the request; `reason` is a stable key the edges translate."""

    def __init__(self, reason: str, **details: object) -> None:
        super().__init__(reason)
        self.reason = reason
        self.details = details
