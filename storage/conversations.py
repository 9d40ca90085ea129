"""Conversation state with optimistic versions, inbound de-duplication and per-key locks.

This is the engine's hot path (one load and one save per event), so it uses pre-built Core
statements on a short-lived connection, one row each, and JSON text for the data.
"""

import json
from contextlib import AbstractAsyncContextManager
from datetime import datetime

from sqlalchemy import bindparam, delete, func, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from domain.errors import Conflict
from domain.ports import StoredConversation
from storage.locks import AdvisoryLocks, LocalLocks
from storage.tables import conversations, inbound_messages

_COLUMNS = (conversations.c.flow, conversations.c.state, conversations.c.data,
            conversations.c.version, conversations.c.updated_at, conversations.c.language)
_LOAD = select(*_COLUMNS).where(conversations.c.key == bindparam("key"))
_INSERT = insert(conversations)
_UPDATE = (update(conversations)
           .where(conversations.c.key == bindparam("b_key"), conversations.c.version == bindparam("expected"))
           .values(flow=bindparam("flow"), state=bindparam("state"), data=bindparam("data"),
                   version=bindparam("version"), updated_at=bindparam("updated_at"),
                   language=bindparam("language")))
_COUNT = select(func.count()).select_from(conversations)
_SEEN = select(inbound_messages.c.at).where(inbound_messages.c.key == bindparam("key"),
                                           inbound_messages.c.message_id == bindparam("message_id"))


class SqlConversationStore:
    def __init__(self, engine: AsyncEngine, locks: LocalLocks | AdvisoryLocks) -> None:
        self._engine = engine
        self._locks = locks
        dialect = postgresql if engine.dialect.name == "postgresql" else sqlite
        self._remember = dialect.insert(inbound_messages).on_conflict_do_nothing()

    def lock(self, key: str) -> AbstractAsyncContextManager[None]:
        return self._locks.hold(key)

    async def load(self, key: str) -> StoredConversation | None:
        async with self._engine.connect() as connection:
            row = (await connection.execute(_LOAD, {"key": key})).first()
        if row is None:
            return None
        flow, state, data, version, updated_at, language = row
        return StoredConversation(key, flow, state, json.loads(data), version, updated_at, language)

    async def save(self, conversation: StoredConversation, expected_version: int,
                   inbound_id: str | None = None, at: datetime | None = None) -> None:
        """Store as version `expected_version + 1` (also set on `conversation`).

        `expected_version` 0 means "new": it fails if the conversation already exists. `inbound_id`
        is recorded in the same transaction: raising Conflict rolls both back.
        """
        new_version = expected_version + 1
        values = {"flow": conversation.flow, "state": conversation.state,
                  "data": json.dumps(conversation.data, ensure_ascii=False, separators=(",", ":")),
                  "version": new_version, "updated_at": conversation.updated_at,
                  "language": conversation.language}
        async with self._engine.begin() as connection:
            await self._write(connection, conversation.key, values, expected_version)
            if inbound_id is not None:
                row = {"key": conversation.key, "message_id": inbound_id, "at": at or conversation.updated_at}
                if (await connection.execute(self._remember, row)).rowcount != 1:
                    raise Conflict(f"inbound {inbound_id} of {conversation.key} was already handled")
        conversation.version = new_version

    @staticmethod
    async def _write(connection: AsyncConnection, key: str, values: dict, expected_version: int) -> None:
        if expected_version == 0:
            try:
                await connection.execute(_INSERT, {"key": key, **values})
            except IntegrityError as exc:
                raise Conflict(f"conversation {key} already exists") from exc
        else:
            result = await connection.execute(_UPDATE, {"b_key": key, "expected": expected_version, **values})
            if result.rowcount != 1:
                raise Conflict(f"conversation {key} is not at version {expected_version}")

    async def seen_inbound(self, key: str, message_id: str) -> bool:
        async with self._engine.connect() as connection:
            row = (await connection.execute(_SEEN, {"key": key, "message_id": message_id})).first()
        return row is not None

    async def remember_inbound(self, key: str, message_id: str, at: datetime) -> bool:
        async with self._engine.begin() as connection:
            result = await connection.execute(self._remember, {"key": key, "message_id": message_id, "at": at})
        return result.rowcount == 1

    async def forget_inbound_before(self, before: datetime) -> int:
        """Drop remembered inbound ids older than `before` (duplicates arrive within minutes)."""
        async with self._engine.begin() as connection:
            result = await connection.execute(delete(inbound_messages).where(inbound_messages.c.at < before))
        return result.rowcount

    async def count(self) -> int:
        async with self._engine.connect() as connection:
            return (await connection.execute(_COUNT)).scalar_one()
