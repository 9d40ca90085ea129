"""Telegram's limits and the faults a test injects, checked before each method runs."""

import math
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser

from .errors import ApiError, bad_request, blocked_by_user, too_many_requests

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_CALLBACK_DATA = 64
MAX_UPLOAD = 50 * 1024 * 1024
HTML_TAGS = {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre",
             "tg-spoiler", "span", "blockquote", "tg-emoji"}
# Methods that put a message in a chat: these count against the flood limits.
SENDING = {"sendmessage", "senddocument", "sendphoto", "editmessagetext", "editmessagereplymarkup"}


def check_text(text: str | None, *, caption: bool = False) -> None:
    if caption:
        if text and len(text) > MAX_CAPTION:
            raise bad_request("message caption is too long")
        return
    if not text or not text.strip():
        raise bad_request("message text is empty")
    if len(text) > MAX_TEXT:
        raise bad_request("message is too long")


def check_keyboard(markup: dict | None) -> None:
    for row in (markup or {}).get("inline_keyboard", []):
        for button in row:
            if not button.get("text"):
                raise bad_request("text buttons are unallowed in the inline keyboard")
            data, url = button.get("callback_data"), button.get("url")
            if (data is None) == (url is None):
                raise bad_request("can't parse inline keyboard button: exactly one action expected")
            if data is not None and not 1 <= len(data.encode()) <= MAX_CALLBACK_DATA:
                raise bad_request("BUTTON_DATA_INVALID")
            if url is not None and not url.startswith(("http://", "https://", "tg://")):
                raise bad_request("BUTTON_URL_INVALID")


class _TagBalance(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag not in HTML_TAGS:
            raise bad_request(f"can't parse entities: Unsupported start tag \"{tag}\"")
        self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open.pop() != tag:
            raise bad_request(f"can't parse entities: Unexpected end tag \"{tag}\"")


def check_parse_mode(text: str | None, parse_mode: str | None) -> None:
    if parse_mode is None or parse_mode.upper() != "HTML" or not text:
        return
    parser = _TagBalance()
    parser.feed(text)
    parser.close()
    if parser.open:
        raise bad_request(f"can't parse entities: unclosed tag \"{parser.open[-1]}\"")


@dataclass
class Bucket:
    """A token bucket: `capacity` at once, refilled at `rate` per second (Telegram tolerates bursts)."""

    capacity: float
    rate: float
    tokens: float = -1.0
    stamp: float = field(default_factory=time.monotonic)

    def take(self) -> int:
        """0 when allowed, else the seconds to wait (what a 429 says in retry_after)."""
        now = time.monotonic()
        if self.tokens < 0:
            self.tokens = self.capacity
        self.tokens = min(self.capacity, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        if self.tokens >= 1:
            self.tokens -= 1
            return 0
        return max(1, math.ceil((1 - self.tokens) / self.rate))


@dataclass
class Fault:
    status: int
    description: str
    method: str | None = None
    chat_id: int | None = None
    retry_after: int | None = None
    remaining: int = 1

    def matches(self, method: str, chat_id: int | None) -> bool:
        return (self.remaining > 0 and (self.method is None or self.method.lower() == method)
                and (self.chat_id is None or self.chat_id == chat_id))

    def error(self) -> ApiError:
        self.remaining -= 1
        if self.retry_after is not None:
            return too_many_requests(self.retry_after)
        return ApiError(self.status, self.description)


@dataclass
class Limits:
    """Flood limits (switchable) and injected faults; `latency` delays every answer."""

    enforce_rate: bool = True
    per_chat_burst: int = 10
    per_chat_rate: float = 1.0
    overall_per_second: int = 30
    latency: float = 0.0
    faults: list[Fault] = field(default_factory=list)
    blocked: set[int] = field(default_factory=set)
    _chats: dict[int, Bucket] = field(default_factory=dict)
    _overall: Bucket | None = None

    def check(self, method: str, chat_id: int | None) -> None:
        for fault in self.faults:
            if fault.matches(method, chat_id):
                raise fault.error()
        if chat_id in self.blocked and method != "answercallbackquery":
            raise blocked_by_user()
        if self.enforce_rate and method in SENDING and chat_id is not None:
            self._take(chat_id)

    def _take(self, chat_id: int) -> None:
        if self._overall is None:
            self._overall = Bucket(self.overall_per_second, self.overall_per_second)
        bucket = self._chats.setdefault(chat_id, Bucket(self.per_chat_burst, self.per_chat_rate))
        wait = bucket.take() or self._overall.take()
        if wait:
            raise too_many_requests(wait)
