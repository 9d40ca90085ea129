import asyncio

import pytest

from storage.database import Database
from tests.storage.builders import NOW, a_line


async def test_nothing_is_stored_without_commit(database):
    async with database.uow() as uow:
        await uow.lines.add(a_line())
    async with database.uow() as uow:
        assert await uow.lines.by_msisdn("0612345678") is None


async def test_rollback_undoes_what_was_not_committed(database):
    async with database.uow() as uow:
        await uow.lines.add(a_line("0611111111"))
        await uow.commit()
        await uow.lines.add(a_line("0622222222"))
        await uow.rollback()
    async with database.uow() as uow:
        assert await uow.lines.by_msisdn("0611111111") is not None
        assert await uow.lines.by_msisdn("0622222222") is None


async def test_an_error_inside_the_unit_of_work_stores_nothing(database):
    try:
        async with database.uow() as uow:
            await uow.lines.add(a_line())
            raise RuntimeError("boom")
    except RuntimeError:
        pass
    async with database.uow() as uow:
        assert await uow.lines.by_msisdn("0612345678") is None


async def test_concurrent_units_of_work_all_commit(database):
    async def add(number: int) -> None:
        async with database.uow() as uow:
            await uow.lines.by_msisdn(f"06{number:08d}")
            await uow.lines.add(a_line(f"06{number:08d}"))
            await uow.commit()

    await asyncio.gather(*(add(n) for n in range(20)))
    async with database.uow() as uow:
        assert len(await uow.lines.by_customer_number("1716820")) == 20


async def _count_then_record(database, key: str, limit: int, relock_after_commit: bool = False) -> bool:
    """A read-then-write counter, as the rate limits do; the gap lets others interleave."""
    async with database.uow() as uow:
        if relock_after_commit:
            await uow.lock_key("warm-up")
            await uow.commit()
        await uow.lock_key(key)
        count = await uow.attempts.count_since(key, NOW)
        await asyncio.sleep(0.01)
        if count >= limit:
            return False
        await uow.attempts.record(key, NOW)
        await uow.commit()
        return True


@pytest.mark.parametrize("relock_after_commit", [False, True])
async def test_units_of_work_taking_one_key_count_one_after_the_other(database, relock_after_commit):
    allowed = await asyncio.gather(*(_count_then_record(database, "tries:x", 5, relock_after_commit)
                                     for _ in range(20)))
    assert allowed.count(True) == 5
    async with database.uow() as uow:
        assert await uow.attempts.count_since("tries:x", NOW) == 5


@pytest.fixture
async def postgres(postgres_url):
    """Key locks that wait for each other or not exist on PostgreSQL only (SQLite has one writer)."""
    db = Database.open(postgres_url)
    try:
        yield db
    finally:
        await db.close()


async def test_units_of_work_taking_different_keys_do_not_wait_for_each_other(postgres):
    async with postgres.uow() as holder:
        await holder.lock_key("tries:a")
        async with postgres.uow() as other:
            await asyncio.wait_for(other.lock_key("tries:b"), timeout=5)
            with pytest.raises(TimeoutError):
                await asyncio.wait_for(other.lock_key("tries:a"), timeout=0.3)


async def test_a_key_lock_ends_with_the_transaction(postgres):
    async with postgres.uow() as first:
        await first.lock_key("tries:a")
        await first.commit()
        async with postgres.uow() as second:
            await asyncio.wait_for(second.lock_key("tries:a"), timeout=5)
