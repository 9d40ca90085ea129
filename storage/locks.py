"""Per-conversation locks: in-process for SQLite, PostgreSQL advisory locks across processes."""

import asyncio
import hashlib
from collections.abc import AsyncIterator, Awaitable
from contextlib import asynccontextmanager

from sqlalchemy import bindparam, func, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

_LOCK = select(func.pg_advisory_lock(bindparam("k")))
_UNLOCK = select(func.pg_advisory_unlock(bindparam("k")))


def lock_id(key: str) -> int:
    """A conversation key hashed to the signed bigint pg_advisory_lock takes."""
    return int.from_bytes(hashlib.blake2b(key.encode(), digest_size=8).digest(), "big", signed=True)


class LocalLocks:
    """One asyncio.Lock per key, forgotten once nobody holds or waits for it."""

    def __init__(self) -> None:
        self._locks: dict[str, tuple[asyncio.Lock, list[int]]] = {}

    @asynccontextmanager
    async def hold(self, key: str) -> AsyncIterator[None]:
        lock, users = self._locks.setdefault(key, (asyncio.Lock(), [0]))
        users[0] += 1
        try:
            async with lock:
                yield
        finally:
            users[0] -= 1
            if users[0] == 0:
                del self._locks[key]


class AdvisoryLocks:
    """Session advisory lock on a dedicated connection, held for the whole event.

    The local lock first: tasks of this process queue in memory and only one of them per key holds
    a connection of the lock pool, which is separate from the main pool so that waiting for a lock
    can never starve the loads and saves done while holding it.
    """

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine
        self._local = LocalLocks()

    @asynccontextmanager
    async def hold(self, key: str) -> AsyncIterator[None]:
        params = {"k": lock_id(key)}
        async with self._local.hold(key), self._engine.connect() as connection:
            await _guarded(connection, connection.execute(_LOCK, params))
            try:
                yield
            finally:
                await _guarded(connection, asyncio.shield(connection.execute(_UNLOCK, params)))


async def _guarded(connection: AsyncConnection, statement: Awaitable) -> None:
    """Run a lock statement; if it fails or is cancelled, the connection is thrown away rather than
    returned to the pool, because a pooled session might still hold the lock for ever. Closing the
    session makes PostgreSQL release every advisory lock it held."""
    try:
        await statement
    except BaseException:
        await connection.invalidate()
        raise
