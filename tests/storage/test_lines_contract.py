from domain.services import ServiceType
from tests.storage.builders import a_line


async def test_an_added_line_gets_an_id_and_reads_back_identical(database):
    async with database.uow() as uow:
        line = await uow.lines.add(a_line())
        await uow.commit()
    assert line.id is not None
    async with database.uow() as uow:
        assert await uow.lines.get(line.id) == line
        assert await uow.lines.by_msisdn("0612345678") == line


async def test_unknown_lines_read_as_none_or_empty(database):
    async with database.uow() as uow:
        assert await uow.lines.get(999) is None
        assert await uow.lines.by_msisdn("0699999999") is None
        assert await uow.lines.by_customer_number("000000") == []
        assert await uow.lines.by_ids([]) == []


async def test_lines_of_one_customer_number_come_back_together_in_creation_order(database):
    async with database.uow() as uow:
        fixe = await uow.lines.add(a_line("0522334455", "88001", service=ServiceType.FIXE))
        internet = await uow.lines.add(a_line(None, "88001", service=ServiceType.INTERNET))
        await uow.lines.add(a_line("0611111111", "99002"))
        await uow.commit()
        assert await uow.lines.by_customer_number("88001") == [fixe, internet]


async def test_by_ids_keeps_the_requested_order_and_ignores_unknown_ids(database):
    async with database.uow() as uow:
        first = await uow.lines.add(a_line("0611111111"))
        second = await uow.lines.add(a_line("0622222222"))
        assert await uow.lines.by_ids([second.id, 12345, first.id]) == [second, first]


async def test_the_language_of_a_line_can_be_changed(database):
    async with database.uow() as uow:
        line = await uow.lines.add(a_line())
        await uow.lines.set_language(line.id, "ar")
        await uow.commit()
    async with database.uow() as uow:
        assert (await uow.lines.get(line.id)).language == "ar"


async def test_several_internet_lines_without_call_number_can_coexist(database):
    async with database.uow() as uow:
        await uow.lines.add(a_line(None, "70001", service=ServiceType.INTERNET))
        await uow.lines.add(a_line(None, "70002", service=ServiceType.INTERNET))
        await uow.commit()
        assert len(await uow.lines.by_customer_number("70002")) == 1
