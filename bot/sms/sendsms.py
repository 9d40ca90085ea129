"""Sending an SMS on our own (MT) through Kannel smsbox's sendsms HTTP interface.

Success is HTTP 202 with "0: Accepted for delivery" (or "3: Queued for later delivery" while no
SMSC is connected: bearerbox keeps it, in its store file when one is configured). 4xx means the
request itself is wrong (bad credentials, no receiver): retrying it unchanged will not help.
"""

import aiohttp

from bot.sms.encoding import CODING_UCS2, coding_of
from domain.errors import InvalidPhoneNumber
from domain.phone import international, normalize_msisdn


class SmsGatewayError(Exception):
    """The gateway did not take the message (down, timeout, 5xx): try again later."""


class SmsRejected(SmsGatewayError):
    """The gateway refused the request (4xx): credentials or receiver are wrong."""


def gateway_number(recipient: str) -> str:
    """0612345678 -> +212612345678; anything not Moroccan is passed as given."""
    try:
        return international(normalize_msisdn(recipient))
    except InvalidPhoneNumber:
        return recipient


class KannelSmsSender:
    """`await send(to, text)`; one aiohttp session, opened on first use, closed by `close()`."""

    def __init__(self, url: str, username: str, password: str, sender: str | None = None,
                 timeout: float = 10.0, session: aiohttp.ClientSession | None = None) -> None:
        self.url = url
        self.username = username
        self._password = password
        self.sender = sender
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self._session = session
        self._own_session = session is None

    def query(self, to: str, text: str) -> dict[str, str]:
        params = {"username": self.username, "password": self._password,
                  "to": gateway_number(to), "text": text}
        if self.sender:
            params["from"] = self.sender
        if coding_of(text) == CODING_UCS2:
            params.update(coding=str(CODING_UCS2), charset="utf-8")
        return params

    async def send(self, to: str, text: str) -> None:
        if self._session is None:
            self._session = aiohttp.ClientSession(timeout=self._timeout)
        try:
            async with self._session.get(self.url, params=self.query(to, text)) as response:
                body = (await response.text()).strip()
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise SmsGatewayError(f"sendsms unreachable: {type(exc).__name__}") from None
        if response.status == 202 and body[:2] in {"0:", "3:"}:
            return
        error = SmsRejected if 400 <= response.status < 500 else SmsGatewayError
        raise error(f"sendsms answered HTTP {response.status}: {body[:100]}")

    async def close(self) -> None:
        if self._session is not None and self._own_session:
            await self._session.close()
        self._session = None
