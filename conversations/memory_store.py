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

    async def save(self, conversation: StoredConversation, expected_version: int,
                   inbound_id: str | None = None, at: datetime | None = None) -> None:
        # Every check comes before any write: a failed save leaves neither state nor id behind.
        current = self._rows.get(conversation.key)
        if (current.version if current else 0) != expected_version:
            raise Conflict(f"conversation {conversation.key} changed (expected v{expected_version})")
        if inbound_id is not None and (conversation.key, inbound_id) in self._seen:
            raise Conflict(f"inbound {inbound_id} of {conversation.key} was already handled")
        self._rows[conversation.key] = replace(conversation, version=expected_version + 1,
                                               data=_deep_copy(conversation.data))
        conversation.version = expected_version + 1
        if inbound_id is not None:
            self._seen[(conversation.key, inbound_id)] = at or conversation.updated_at

    async def seen_inbound(self, key: str, message_id: str) -> bool:
        return (key, message_id) in self._seen

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
