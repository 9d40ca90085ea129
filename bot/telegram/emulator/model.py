"""What the emulator remembers: chats, their messages, uploaded files, and the calls it answered."""

import asyncio
import secrets
from dataclasses import dataclass, field
from typing import Any


@dataclass
class StoredFile:
    file_id: str
    file_unique_id: str
    content: bytes
    filename: str
    mime_type: str


@dataclass
class StoredMessage:
    message_id: int
    chat_id: int
    from_bot: bool
    date: int
    text: str | None = None
    caption: str | None = None
    entities: list | None = None
    reply_markup: dict | None = None
    document: StoredFile | None = None
    photo: StoredFile | None = None
    deleted: bool = False

    @property
    def buttons(self) -> list[dict]:
        rows = (self.reply_markup or {}).get("inline_keyboard", [])
        return [button for row in rows for button in row]


@dataclass
class ChatEvent:
    """Something the bot did in a chat, in order: "sent", "edited" or "deleted"."""

    kind: str
    message: StoredMessage


@dataclass
class Chat:
    user: dict
    messages: dict[int, StoredMessage] = field(default_factory=dict)
    events: list[ChatEvent] = field(default_factory=list)
    next_message_id: int = 1
    version: int = 0
    changed: asyncio.Condition = field(default_factory=asyncio.Condition)

    @property
    def id(self) -> int:
        return self.user["id"]

    def new_message(self, from_bot: bool, date: int, **fields: Any) -> StoredMessage:
        message = StoredMessage(self.next_message_id, self.id, from_bot, date, **fields)
        self.messages[message.message_id] = message
        self.next_message_id += 1
        return message

    async def record(self, kind: str | None, message: StoredMessage) -> None:
        """Note a change and wake whoever waits on this chat (simulated users, the chat page)."""
        async with self.changed:
            if kind is not None:
                self.events.append(ChatEvent(kind, message))
            self.version += 1
            self.changed.notify_all()


@dataclass
class Call:
    """One API call as the emulator received it; file parts are summarised, not kept here."""

    method: str
    params: dict[str, Any]
    status: int = 200


def new_file(content: bytes, filename: str, mime_type: str) -> StoredFile:
    return StoredFile("F" + secrets.token_hex(12), "U" + secrets.token_hex(6), content, filename, mime_type)
