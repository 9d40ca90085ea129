"""The emulated Telegram: one bot, its private chats with simulated users, files, calls and faults.

Methods of the Bot API live in `methods.py`; what a user does (types, presses, uploads) lives here
because it produces updates for the bot.
"""

import secrets
from collections.abc import Callable

from domain.clock import Clock, system_clock

from .checks import Limits, check_keyboard
from .errors import ApiError, bad_request
from .model import Call, Chat, StoredFile, StoredMessage, new_file
from .updates import Updates
from .wire import command_entities, message_json


class World:
    def __init__(self, token: str, *, username: str = "iam_billing_bot", clock: Clock = system_clock) -> None:
        self.token = token
        self.bot_user = {"id": int(token.split(":", 1)[0]) if token.split(":", 1)[0].isdigit() else 1,
                         "is_bot": True, "first_name": "Maroc Telecom", "username": username}
        self.clock = clock
        self.chats: dict[int, Chat] = {}
        self.files: dict[str, StoredFile] = {}
        self.calls: list[Call] = []
        self.unknown_methods: list[str] = []
        self.callback_queries: dict[str, dict] = {}  # id -> {"answered": bool, "text": ...}
        self.commands: dict[tuple[str, str], list[dict]] = {}  # (scope, language_code) -> commands
        self.limits = Limits()
        self.updates = Updates()
        self.listeners: list[Callable[[Call], None]] = []

    def now(self) -> int:
        return int(self.clock().timestamp())

    def chat_for(self, user_id: int, first_name: str = "", language_code: str = "fr") -> Chat:
        if user_id not in self.chats:
            user = {"id": user_id, "is_bot": False, "first_name": first_name or f"User {user_id}",
                    "language_code": language_code}
            self.chats[user_id] = Chat(user)
        return self.chats[user_id]

    def chat(self, chat_id: object) -> Chat:
        try:
            return self.chats[int(str(chat_id))]
        except (KeyError, ValueError):
            raise bad_request("chat not found") from None

    def message(self, chat: Chat, message_id: object, what: str) -> StoredMessage:
        try:
            message = chat.messages[int(str(message_id))]
        except (KeyError, ValueError):
            raise bad_request(f"message to {what} not found") from None
        if message.deleted:
            raise bad_request(f"message to {what} not found")
        return message

    def as_json(self, message: StoredMessage) -> dict:
        return message_json(message, self.chats[message.chat_id], self.bot_user)

    # --- what simulated users do ---------------------------------------------------------------

    async def user_sends_text(self, chat: Chat, text: str) -> dict:
        message = chat.new_message(False, self.now(), text=text, entities=command_entities(text))
        await chat.record(None, message)
        return await self.updates.push({"message": self.as_json(message)}, chat.id)

    async def user_sends_file(self, chat: Chat, content: bytes, filename: str, mime_type: str,
                              *, photo: bool = False, caption: str | None = None) -> dict:
        stored = self.store_file(content, filename, mime_type)
        kind = {"photo": stored} if photo else {"document": stored}
        message = chat.new_message(False, self.now(), caption=caption, **kind)
        await chat.record(None, message)
        return await self.updates.push({"message": self.as_json(message)}, chat.id)

    async def user_clicks(self, chat: Chat, message_id: int, data: str) -> dict:
        message = self.message(chat, message_id, "click")
        if not any(button.get("callback_data") == data for button in message.buttons):
            raise ApiError(400, f"no button with callback_data {data!r} on message {message_id}")
        check_keyboard({"inline_keyboard": [[{"text": "x", "callback_data": data}]]})
        query_id = secrets.token_hex(8)
        self.callback_queries[query_id] = {"answered": False, "text": None, "chat_id": chat.id}
        query = {"id": query_id, "from": chat.user, "chat_instance": f"ci{chat.id}",
                 "message": self.as_json(message), "data": data}
        return await self.updates.push({"callback_query": query}, chat.id)

    def store_file(self, content: bytes, filename: str, mime_type: str) -> StoredFile:
        stored = new_file(content, filename, mime_type)
        self.files[stored.file_id] = stored
        return stored

    def unanswered_callback_queries(self) -> list[str]:
        return [qid for qid, query in self.callback_queries.items() if not query["answered"]]

    def calls_to(self, method: str) -> list[Call]:
        return [call for call in self.calls if call.method == method.lower()]
