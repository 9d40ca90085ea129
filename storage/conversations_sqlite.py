"""The SQLite conversation store: one raw sqlite3 connection on its own thread.

Each load, save or de-duplication runs in ONE hop to that thread (the generic store needs four or
five hops through the pool and aiosqlite). Waiting for SQLite's write lock happens on that thread,
never on the event loop, so a unit of work holding the lock can still finish. Autocommit mode:
every statement is its own transaction, except a save, which writes the state and records the
inbound id between its own BEGIN IMMEDIATE and COMMIT (both or neither).
"""

import asyncio
import json
import sqlite3
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractAsyncContextManager
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

from domain.errors import Conflict
from domain.ports import StoredConversation
from storage.engine import BUSY_TIMEOUT_MS
from storage.locks import LocalLocks

_LOAD = "SELECT flow, state, data, version, updated_at, language FROM conversations WHERE key = ?"
_INSERT = ("INSERT INTO conversations (key, flow, state, data, version, updated_at, language) "
           "VALUES (?, ?, ?, ?, ?, ?, ?)")
_UPDATE = ("UPDATE conversations SET flow = ?, state = ?, data = ?, version = ?, updated_at = ?, "
           "language = ? WHERE key = ? AND version = ?")
_REMEMBER = "INSERT INTO inbound_messages (key, message_id, at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING"
_SEEN = "SELECT 1 FROM inbound_messages WHERE key = ? AND message_id = ?"
T = TypeVar("T")
_DATETIME = "%Y-%m-%d %H:%M:%S.%f"  # the text form SQLAlchemy's SQLite DateTime reads and writes


def _stored(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime(_DATETIME)


class SqliteConversationStore:
    def __init__(self, path: Path, locks: LocalLocks | None = None) -> None:
        self._path = path
        self._locks = locks or LocalLocks()
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="conversations")
        self._connection: sqlite3.Connection | None = None

    def _db(self) -> sqlite3.Connection:
        if self._connection is None:  # opened on the store's thread, on first use
            connection = sqlite3.connect(self._path, isolation_level=None, check_same_thread=False,
                                         timeout=BUSY_TIMEOUT_MS / 1000)
            connection.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            connection.execute("PRAGMA synchronous=NORMAL")
            self._connection = connection
        return self._connection

    async def _run(self, fn: Callable[..., T], *args: object) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._thread, fn, *args)

    def lock(self, key: str) -> AbstractAsyncContextManager[None]:
        return self._locks.hold(key)

    async def load(self, key: str) -> StoredConversation | None:
        row = await self._run(self._load, key)
        if row is None:
            return None
        flow, state, data, version, updated_at, language = row
        moment = datetime.fromisoformat(updated_at).replace(tzinfo=UTC)
        return StoredConversation(key, flow, state, json.loads(data), version, moment, language)

    def _load(self, key: str) -> tuple | None:
        return self._db().execute(_LOAD, (key,)).fetchone()

    async def save(self, conversation: StoredConversation, expected_version: int,
                   inbound_id: str | None = None, at: datetime | None = None) -> None:
        """Store as version `expected_version + 1` (also set on `conversation`); 0 means new.

        `inbound_id` is recorded in the same transaction; a Conflict leaves no trace of either.
        """
        new_version = expected_version + 1
        values = (conversation.flow, conversation.state,
                  json.dumps(conversation.data, ensure_ascii=False, separators=(",", ":")),
                  new_version, _stored(conversation.updated_at), conversation.language)
        inbound = None if inbound_id is None else (inbound_id, _stored(at or conversation.updated_at))
        if not await self._run(self._save, conversation.key, values, expected_version, inbound):
            raise Conflict(f"conversation {conversation.key} is not at version {expected_version}"
                           + ("" if inbound_id is None else f" or inbound {inbound_id} was already handled"))
        conversation.version = new_version

    def _save(self, key: str, values: tuple, expected_version: int, inbound: tuple | None) -> bool:
        db = self._db()
        # IMMEDIATE: take the write lock (waiting busy_timeout) before reading anything.
        db.execute("BEGIN IMMEDIATE")
        try:
            saved = self._write(db, key, values, expected_version) and (
                inbound is None or db.execute(_REMEMBER, (key, *inbound)).rowcount == 1)
            db.execute("COMMIT" if saved else "ROLLBACK")
        except BaseException:
            if db.in_transaction:  # also when COMMIT itself failed: never leave it open
                db.execute("ROLLBACK")
            raise
        return saved

    @staticmethod
    def _write(db: sqlite3.Connection, key: str, values: tuple, expected_version: int) -> bool:
        if expected_version == 0:
            try:
                db.execute(_INSERT, (key, *values))
            except sqlite3.IntegrityError:
                return False
            return True
        return db.execute(_UPDATE, (*values, key, expected_version)).rowcount == 1

    async def seen_inbound(self, key: str, message_id: str) -> bool:
        return await self._run(self._seen, key, message_id)

    def _seen(self, key: str, message_id: str) -> bool:
        return self._db().execute(_SEEN, (key, message_id)).fetchone() is not None

    async def remember_inbound(self, key: str, message_id: str, at: datetime) -> bool:
        return await self._run(self._remember, key, message_id, _stored(at))

    def _remember(self, key: str, message_id: str, at: str) -> bool:
        return self._db().execute(_REMEMBER, (key, message_id, at)).rowcount == 1

    async def forget_inbound_before(self, before: datetime) -> int:
        """Drop remembered inbound ids older than `before` (duplicates arrive within minutes)."""
        return await self._run(self._forget, _stored(before))

    def _forget(self, before: str) -> int:
        return self._db().execute("DELETE FROM inbound_messages WHERE at < ?", (before,)).rowcount

    async def count(self) -> int:
        return await self._run(lambda: self._db().execute("SELECT count(*) FROM conversations").fetchone()[0])

    async def close(self) -> None:
        def _close() -> None:
            if self._connection is not None:
                self._connection.close()
                self._connection = None
        await self._run(_close)
        self._thread.shutdown(wait=True)
