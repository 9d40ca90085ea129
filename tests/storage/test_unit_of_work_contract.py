import asyncio

from tests.storage.builders import a_line


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
