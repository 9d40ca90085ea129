"""SMTP sender: builds a MIME message (text, optional HTML, attachments) and hands it over.

Every failure surfaces as one exception, `MailError`, so the outbox can catch exactly that and
retry later. `MailError.permanent` is True when the server refused for good (a 5xx answer: bad
recipient, bad credentials, message rejected): trying again will not help. Connection problems,
time-outs and 4xx answers are temporary.

TLS: `use_tls=True` means implicit TLS on port 465 and a mandatory STARTTLS on any other port;
`use_tls=False` still upgrades with STARTTLS when the server offers it, so a password is never
sent in clear to a server that can do better.
"""

import logging
from collections.abc import Sequence
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr

import aiosmtplib

from bot.config import SmtpSettings
from domain.clock import Clock, system_clock

log = logging.getLogger(__name__)
Attachment = tuple[str, bytes, str]  # (filename, content, MIME type such as "application/pdf")
IMPLICIT_TLS_PORT = 465


class MailError(Exception):
    """The message was not sent; `permanent` says whether retrying is pointless."""

    def __init__(self, message: str, *, permanent: bool = False, code: int | None = None) -> None:
        super().__init__(message)
        self.permanent = permanent
        self.code = code


class SmtpMailer:
    def __init__(self, host: str, port: int, sender: str, username: str = "", password: str = "",
                 use_tls: bool = False, *, timeout: float = 20.0, clock: Clock = system_clock) -> None:
        self.host, self.port, self.sender = host, port, sender
        self.username, self._password, self.use_tls = username, password, use_tls
        self.timeout, self.clock = timeout, clock

    @classmethod
    def from_settings(cls, smtp: SmtpSettings, password: str, clock: Clock = system_clock) -> "SmtpMailer":
        return cls(smtp.host, smtp.port, smtp.sender, smtp.username, password, smtp.use_tls, clock=clock)

    def __repr__(self) -> str:  # never show the password, even in a debugger or a log line
        return f"SmtpMailer(host={self.host!r}, port={self.port}, sender={self.sender!r}, use_tls={self.use_tls})"

    async def send(self, to: str, subject: str, text: str, html: str | None = None,
                   attachments: Sequence[Attachment] = ()) -> None:
        message = self.build(to, subject, text, html, attachments)
        try:
            await aiosmtplib.send(message, **self._connection())
        except aiosmtplib.SMTPRecipientsRefused as exc:
            codes = [refusal.code for refusal in exc.recipients]
            raise MailError(f"recipient refused ({codes})", permanent=all(c >= 500 for c in codes),
                            code=codes[0] if codes else None) from exc
        except aiosmtplib.SMTPResponseException as exc:
            raise MailError(f"SMTP server answered {exc.code}: {exc.message}", permanent=exc.code >= 500,
                            code=exc.code) from exc
        except (aiosmtplib.SMTPException, OSError, TimeoutError) as exc:
            raise MailError(f"cannot reach SMTP server {self.host}:{self.port}: {type(exc).__name__}: {exc}") from exc
        log.info("mail %s sent (%d attachment(s))", message["Message-ID"], len(attachments))

    def build(self, to: str, subject: str, text: str, html: str | None = None,
              attachments: Sequence[Attachment] = ()) -> EmailMessage:
        """The MIME message: text/plain, HTML as its alternative, then the attachments."""
        try:
            message = EmailMessage()
            message["From"] = self.sender
            message["To"] = to
            message["Subject"] = subject
            message["Date"] = format_datetime(self.clock())
            message["Message-ID"] = make_msgid(domain=_domain_of(self.sender))
            message.set_content(text)
            if html is not None:
                message.add_alternative(html, subtype="html")
            for filename, content, mime in attachments:
                maintype, _, subtype = mime.partition("/")
                message.add_attachment(content, maintype=maintype, subtype=subtype or "octet-stream",
                                       filename=filename)
        except (ValueError, TypeError) as exc:  # e.g. a line break smuggled into a header
            raise MailError(f"cannot build the message: {exc}", permanent=True) from exc
        return message

    def _connection(self) -> dict[str, object]:
        implicit = self.use_tls and self.port == IMPLICIT_TLS_PORT
        return {
            "hostname": self.host, "port": self.port, "timeout": self.timeout,
            "username": self.username or None, "password": self._password if self.username else None,
            "use_tls": implicit, "start_tls": True if self.use_tls and not implicit else None,
        }


def _domain_of(sender: str) -> str:
    address = parseaddr(sender)[1]
    try:
        return Address(addr_spec=address).domain or "localhost"
    except (ValueError, IndexError):
        return "localhost"
