"""Small stores the adapter needs: chats that blocked the bot, and Telegram file ids of sent files.

Both are ports with an in-memory implementation; `JsonFileBlockedChats` keeps the blocked set across
restarts in a small JSON file (blocking changes are rare, so rewriting the whole file is fine).
"""

import json
import os
from collections import OrderedDict
from pathlib import Path
from typing import Protocol


class BlockedChats(Protocol):
    async def is_blocked(self, chat_id: int) -> bool: ...
    async def mark_blocked(self, chat_id: int) -> None: ...
    async def unblock(self, chat_id: int) -> None: ...


class InMemoryBlockedChats:
    def __init__(self) -> None:
        self.chats: set[int] = set()

    async def is_blocked(self, chat_id: int) -> bool:
        return chat_id in self.chats

    async def mark_blocked(self, chat_id: int) -> None:
        self.chats.add(chat_id)

    async def unblock(self, chat_id: int) -> None:
        self.chats.discard(chat_id)


class JsonFileBlockedChats(InMemoryBlockedChats):
    def __init__(self, path: str | Path) -> None:
        super().__init__()
        self.path = Path(path)
        if self.path.exists():
            self.chats = set(json.loads(self.path.read_text(encoding="utf-8")))

    async def mark_blocked(self, chat_id: int) -> None:
        if chat_id not in self.chats:
            await super().mark_blocked(chat_id)
            self._save()

    async def unblock(self, chat_id: int) -> None:
        if chat_id in self.chats:
            await super().unblock(chat_id)
            self._save()

    def _save(self) -> None:
        # Write then rename, so a crash never leaves half a file behind.
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_suffix(".tmp")
        temporary.write_text(json.dumps(sorted(self.chats)), encoding="utf-8")
        os.replace(temporary, self.path)


class FileIdCache(Protocol):
    async def get(self, key: str) -> str | None: ...
    async def put(self, key: str, file_id: str) -> None: ...
    async def forget(self, key: str) -> None: ...


class LruFileIdCache:
    """The most recently used `capacity` file ids; a miss only costs one more upload."""

    def __init__(self, capacity: int = 512) -> None:
        self.capacity = capacity
        self._ids: OrderedDict[str, str] = OrderedDict()

    async def get(self, key: str) -> str | None:
        file_id = self._ids.get(key)
        if file_id is not None:
            self._ids.move_to_end(key)
        return file_id

    async def put(self, key: str, file_id: str) -> None:
        self._ids[key] = file_id
        self._ids.move_to_end(key)
        while len(self._ids) > self.capacity:
            self._ids.popitem(last=False)

    async def forget(self, key: str) -> None:
        self._ids.pop(key, None)

    def __len__(self) -> int:
        return len(self._ids)
