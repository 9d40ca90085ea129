"""An in-memory ConversationStore: for tests, the console without a database, and benchmarks.

Same contract as the SQL store (domain.ports.ConversationStore), within one process.
"""

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace
from datetime import datetime

from domain.errors import Conflict
from domain.ports import StoredConversation


class MemoryConversationStore:
    def __init__(self) -> None:
        self._rows: dict[str, StoredConversation] = {}
        self._locks: dict[str, asyncio.Lock] = {}
        self._seen: dict[tuple[str, str], datetime] = {}

    @asynccontextmanager
    async def lock(self, key: str) -> AsyncIterator[None]:
        lock = self._locks.setdefault(key, asyncio.Lock())
        async with lock:
            yield

    async def load(self, key: str) -> StoredConversation | None:
        row = self._rows.get(key)
        # A copy, so the caller's changes reach the store only through save().
        return replace(row, data=_deep_copy(row.data)) if row else None

    async def save(self, conversation: StoredConversation, expected_version: int) -> None:
        current = self._rows.get(conversation.key)
        if (current.version if current else 0) != expected_version:
            raise Conflict(f"conversation {conversation.key} changed (expected v{expected_version})")
        self._rows[conversation.key] = replace(conversation, data=_deep_copy(conversation.data))

    async def remember_inbound(self, key: str, message_id: str, at: datetime) -> bool:
        if (key, message_id) in self._seen:
            return False
        self._seen[(key, message_id)] = at
        return True

    async def count(self) -> int:
        return len(self._rows)


def _deep_copy(value):
    if isinstance(value, dict):
        return {k: _deep_copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_deep_copy(v) for v in value]
    return value
