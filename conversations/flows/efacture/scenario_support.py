"""What scenario replays need to talk through e-facture like a subscriber with a phone and a
mailbox: the answer of the captcha just shown, and the password or code just sent.

Never wired in production: `RecordingCaptchas` remembers answers in clear, on purpose.
Variables (for bot/scenarios): {captcha.answer}, {outbox.sms.password}, {outbox.email.password},
{outbox.email.code}.
"""

import re
from dataclasses import replace
from datetime import datetime, timedelta

from domain.efacture.ports import CaptchaFactory, CaptchaImage
from domain.ports import Channel, UnitOfWorkFactory

# A generated password: 10 letters and digits, at least one of each (domain.efacture.passwords).
PASSWORD = re.compile(r"(?<!\w)(?=\w*\d)(?=\w*[A-Za-z])[A-Za-z2-9]{10}(?!\w)")
CODE = re.compile(r"(?<!\d)\d{6}(?!\d)")


class RecordingCaptchas:
    """A CaptchaFactory that remembers the last answer it drew (replays and demos only)."""

    def __init__(self, inner: CaptchaFactory) -> None:
        self.inner = inner
        self.last_answer = ""

    def __call__(self) -> CaptchaImage:
        captcha = self.inner()
        self.last_answer = captcha.answer
        return captcha


def with_recording_captchas(flow_services):  # noqa: ANN001, ANN201 - a conversations.services.FlowServices
    """The same services with the e-facture captcha recorded; returns (services, recorder)."""
    efacture = flow_services.efacture
    recorder = RecordingCaptchas(efacture.captcha)
    return replace(flow_services, efacture=replace(efacture, captcha=recorder)), recorder


def secret_in(body: str, pattern: re.Pattern[str] = PASSWORD) -> str:
    """The last match: an email names the login (which may look like a password) before it."""
    found = pattern.findall(body or "")
    return found[-1] if found else ""


async def outbox_variables(uow: UnitOfWorkFactory, now: datetime) -> dict[str, str]:
    """The secrets of the last SMS and the last email waiting in the outbox."""
    async with uow() as opened:
        waiting = await opened.outbox.due(now + timedelta(days=2), limit=10_000)
    last = {channel: max((m for m in waiting if m.channel is channel), key=lambda m: m.id or 0, default=None)
            for channel in Channel}
    sms, email = last[Channel.SMS], last[Channel.EMAIL]
    return {
        "outbox.sms.password": secret_in(sms.body) if sms else "",
        "outbox.email.password": secret_in(email.body) if email else "",
        "outbox.email.code": secret_in(email.body, CODE) if email else "",
    }
