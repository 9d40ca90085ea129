"""Simulated users for tests and benchmarks: type, press buttons, upload, and read the bot's replies."""

import asyncio
from dataclasses import dataclass

from .model import Chat, ChatEvent, StoredMessage
from .world import World


@dataclass(frozen=True)
class Reply:
    """One thing the bot did in the chat, as the user sees it."""

    kind: str  # "sent", "edited" or "deleted"
    message: StoredMessage

    @property
    def text(self) -> str | None:
        return self.message.text if self.message.text is not None else self.message.caption

    @property
    def button_labels(self) -> list[str]:
        return [button["text"] for button in self.message.buttons]


class SimUser:
    def __init__(self, world: World, user_id: int, first_name: str = "", language_code: str = "fr") -> None:
        self.world = world
        self.chat: Chat = world.chat_for(user_id, first_name, language_code)
        self._cursor = len(self.chat.events)

    @property
    def id(self) -> int:
        return self.chat.id

    async def says(self, text: str) -> dict:
        """Type a message; returns the update the bot will receive."""
        return await self.world.user_sends_text(self.chat, text)

    async def sends_document(self, content: bytes, filename: str, mime_type: str = "application/pdf") -> dict:
        return await self.world.user_sends_file(self.chat, content, filename, mime_type)

    async def sends_photo(self, content: bytes, caption: str | None = None) -> dict:
        return await self.world.user_sends_file(self.chat, content, "photo.png", "image/png",
                                                photo=True, caption=caption)

    async def presses(self, label: str, message_id: int | None = None) -> dict:
        """Press the button with this label (or callback data) on the newest keyboard that has it."""
        for message in self._keyboards(message_id):
            for button in message.buttons:
                if label in (button["text"], button.get("callback_data")) and "callback_data" in button:
                    return await self.world.user_clicks(self.chat, message.message_id, button["callback_data"])
        raise AssertionError(f"no button {label!r} in the chat; keyboards: {self.keyboards()}")

    def _keyboards(self, message_id: int | None) -> list[StoredMessage]:
        found = [m for m in self.visible() if m.from_bot and m.buttons]
        if message_id is not None:
            found = [m for m in found if m.message_id == message_id]
        return list(reversed(found))

    def keyboards(self) -> list[list[str]]:
        return [[b["text"] for b in m.buttons] for m in self._keyboards(None)]

    def visible(self) -> list[StoredMessage]:
        return [m for m in self.chat.messages.values() if not m.deleted]

    def bot_messages(self) -> list[StoredMessage]:
        return [m for m in self.visible() if m.from_bot]

    async def next_reply(self, timeout: float = 5.0) -> Reply:
        """The next thing the bot did in this chat (a new, edited or deleted message)."""
        async with self.chat.changed:
            async with asyncio.timeout(timeout):
                await self.chat.changed.wait_for(lambda: len(self.chat.events) > self._cursor)
            event: ChatEvent = self.chat.events[self._cursor]
        self._cursor += 1
        return Reply(event.kind, event.message)

    async def replies(self, count: int, timeout: float = 5.0) -> list[Reply]:
        return [await self.next_reply(timeout) for _ in range(count)]

    async def quiet(self, seconds: float = 0.3) -> list[Reply]:
        """Everything the bot does until it stays silent for `seconds`."""
        found: list[Reply] = []
        while True:
            try:
                found.append(await self.next_reply(seconds))
            except TimeoutError:
                return found
