"""The neutral messages exchanged between channels and the engine.

Channels (Telegram, SMS, console, web) turn their native input into an `Inbound` and render each
`Outbound` their own way. Flow code never sees a channel type.
"""

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Protocol


@dataclass(frozen=True, slots=True)
class Attachment:
    kind: str  # "photo" or "document"
    file_id: str | None = None
    filename: str | None = None
    mime_type: str | None = None


@dataclass(frozen=True, slots=True)
class Inbound:
    """One thing a user did: typed `text` or pressed the choice `choice_id`.

    `key` is "<channel>:<address>" (e.g. "telegram:12345", "console:agent"). `message_id` is the
    channel's id for this input; the engine ignores an id it has already processed.
    """

    @property
    def channel(self) -> str:
        return self.key.split(":", 1)[0]

    key: str
    at: datetime
    text: str | None = None
    choice_id: str | None = None
    attachment: Attachment | None = None
    message_id: str | None = None
    language_hint: str | None = None
    # A system event (not typed by the user), e.g. "payment_settled" pushed by the CMI callback.
    event: str | None = None
    payload: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Choice:
    """A button. `id` is stable and at most 64 bytes (Telegram callback data); `keyword` is what
    an SMS or console user may type instead of pressing it."""

    id: str
    label: str
    keyword: str | None = None
    url: str | None = None  # a link button (the payment page) instead of a callback


class OutboundKind(StrEnum):
    TEXT = "text"
    DOCUMENT = "document"
    IMAGE = "image"
    DELETE_USER_MESSAGE = "delete_user_message"


@dataclass(frozen=True, slots=True)
class Outbound:
    """One thing to show the user.

    `choices` are rows of buttons. `secret_input` says the next reply is secret (a password or a
    code): channels hide it or delete it once read. `document` carries bytes with a filename and a
    `cache_key` so a channel can resend a file it already uploaded (Telegram file ids).
    """

    kind: OutboundKind = OutboundKind.TEXT
    text: str = ""
    choices: tuple[tuple[Choice, ...], ...] = ()
    secret_input: bool = False
    content: bytes | None = None
    filename: str | None = None
    mime_type: str | None = None
    cache_key: str | None = None
    caption: str | None = None
    reply_to_message_id: str | None = None
    meta: dict[str, str] = field(default_factory=dict)

    @property
    def all_choices(self) -> list[Choice]:
        return [choice for row in self.choices for choice in row]


def text(body: str, *rows: tuple[Choice, ...] | list[Choice], secret_input: bool = False) -> Outbound:
    return Outbound(text=body, choices=tuple(tuple(row) for row in rows), secret_input=secret_input)


def document(content: bytes, filename: str, *, caption: str = "", cache_key: str | None = None,
             mime_type: str = "application/pdf") -> Outbound:
    return Outbound(kind=OutboundKind.DOCUMENT, content=content, filename=filename, caption=caption,
                    cache_key=cache_key, mime_type=mime_type)


def image(content: bytes, filename: str, *, caption: str = "", mime_type: str = "image/png") -> Outbound:
    return Outbound(kind=OutboundKind.IMAGE, content=content, filename=filename, caption=caption,
                    mime_type=mime_type)


def delete_user_message(message_id: str | None) -> Outbound:
    return Outbound(kind=OutboundKind.DELETE_USER_MESSAGE, reply_to_message_id=message_id)


class ConversationHandler(Protocol):
    """What every channel talks to: one inbound event in, the replies out."""

    async def handle(self, inbound: Inbound) -> list[Outbound]: ...


class OutboundPusher(Protocol):
    """Sends messages to a conversation outside of a reply (a receipt after the CMI callback)."""

    async def push(self, key: str, messages: list[Outbound]) -> None: ...
