"""Ports of e-facture: password hashing and the texts of the notifications it sends.

The bot layer implements both (argon2id in bot/security.py; texts from the YAML catalogs).
"""

from datetime import datetime
from typing import Protocol


class PasswordHasher(Protocol):
    """Hashes passwords and one-time codes; `verify` never raises for a wrong secret."""

    def hash(self, password: str) -> str: ...
    def verify(self, password_hash: str, password: str) -> bool: ...
    def needs_rehash(self, password_hash: str) -> bool: ...


class NotificationTexts(Protocol):
    """Renders the messages e-facture puts in the outbox, in the subscriber's language."""

    def temporary_password_sms(self, login: str, password: str, language: str) -> str: ...

    def temporary_password_email(self, login: str, password: str, language: str) -> tuple[str, str]:
        """Return (subject, body)."""
        ...

    def email_change_code(self, login: str, code: str, expires_at: datetime,
                          language: str) -> tuple[str, str]:
        """Return (subject, body) of the message carrying the 6-digit confirmation code."""
        ...
