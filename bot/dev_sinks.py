"""Development stand-ins for the SMS gateway and the SMTP server.

`make run` works on a laptop with no Kannel and no mail server: outgoing SMS and emails are
printed on the terminal (and logged) so a developer can read the password the bot just sent.
They are chosen only by `sms.transport: console` / `smtp.transport: console`, never in production.
"""

import logging
import sys
from collections.abc import Sequence
from typing import Any, TextIO

log = logging.getLogger(__name__)


class ConsoleSmsSender:
    def __init__(self, out: TextIO | None = None) -> None:
        self.out = out

    async def send(self, to: str, text: str) -> None:
        print(f"\n📱 SMS to {to}:\n   {text}\n", file=self.out or sys.stdout, flush=True)
        log.info("development SMS sink: message to %s printed on the terminal", to)


class ConsoleMailSender:
    def __init__(self, out: TextIO | None = None) -> None:
        self.out = out

    async def send(self, to: str, subject: str, text: str, html: str | None = None,
                   attachments: Sequence[Any] = ()) -> None:
        body = "\n   ".join(text.splitlines())
        print(f"\n✉️  Email to {to} — {subject}\n   {body}\n", file=self.out or sys.stdout, flush=True)
        log.info("development mail sink: message to %s printed on the terminal", to)
