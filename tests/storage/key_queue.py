"""Run tries in a chosen order through a key lock on PostgreSQL, whose lock queue is FIFO.

Tasks started together reach the database in no set order (new pool connections, scheduling),
so "the right code comes eighth" needs help: the test holds the key itself, starts each try only
once the previous one waits for the key (seen in pg_locks), then lets go.

    outcomes = await in_key_order(postgres_db, key, [try_(code) for code in codes])
"""

import asyncio
from collections.abc import AsyncIterator, Coroutine
from typing import Any

import pytest

from storage.database import Database

_WAITING = "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"


@pytest.fixture
async def postgres_db(postgres_url: str) -> AsyncIterator[Database]:
    """The run's PostgreSQL database, emptied (use with the postgres_url fixture imported)."""
    from tests.support.databases import empty_tables

    db = Database.open(postgres_url)
    await empty_tables(db)
    try:
        yield db
    finally:
        await db.close()


async def in_key_order(db: Database, key: str, tries: list[Coroutine[Any, Any, Any]]) -> list[Any]:
    async with db.uow() as holder:
        await holder.lock_key(key)
        tasks = []
        for waiting, attempt in enumerate(tries, start=1):
            tasks.append(asyncio.create_task(attempt))
            await _until_waiting(db, waiting)
        await holder.rollback()
    return await asyncio.gather(*tasks)


async def _until_waiting(db: Database, count: int) -> None:
    async with asyncio.timeout(10):
        while True:
            async with db.engine.connect() as connection:
                if (await connection.exec_driver_sql(_WAITING)).scalar_one() >= count:
                    return
            await asyncio.sleep(0.002)
