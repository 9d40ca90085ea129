"""Ports of e-facture: password hashing, the texts of the notifications it sends, captcha
images and invoice PDFs.

The bot layer implements them (argon2id in bot/security.py; texts from the YAML catalogs in
bot/notification_texts.py; bot.documents.new_captcha and bot.documents.render_invoice_pdf).
"""

from datetime import datetime
from typing import Protocol

from domain.invoices import Invoice
from domain.lines import Line


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


class CaptchaImage(Protocol):
    """A picture of distorted characters and the characters themselves (never shown)."""

    @property
    def answer(self) -> str: ...

    @property
    def png(self) -> bytes: ...


class CaptchaFactory(Protocol):
    """Draws a new captcha each call (bot.documents.new_captcha fits as it is)."""

    def __call__(self) -> CaptchaImage: ...


class InvoicePdfRenderer(Protocol):
    """The PDF of an invoice of `line` (bot.documents.render_invoice_pdf fits as it is)."""

    def __call__(self, invoice: Invoice, line: Line, *, language: str = "fr") -> bytes: ...
