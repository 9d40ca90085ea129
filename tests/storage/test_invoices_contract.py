from datetime import date
from decimal import Decimal

from domain.invoices import InvoiceFilter, InvoiceStatus
from tests.storage.builders import DETAILS, NOW, a_line, an_invoice, month


async def _line_with_invoices(uow, msisdn="0612345678", customer_number="1716820", months=8, prefix="00001"):
    line = await uow.lines.add(a_line(msisdn, customer_number))
    invoices = [an_invoice(f"{prefix}{i:05d}112026", line, month(2026, i)) for i in range(1, months + 1)]
    for invoice in invoices:
        await uow.invoices.add(invoice)
    return line, invoices


async def test_an_invoice_reads_back_identical_including_amount_and_detail_lines(database):
    async with database.uow() as uow:
        line = await uow.lines.add(a_line())
        invoice = an_invoice("0000171682062019", line, date(2019, 6, 1), "1234.56", details=DETAILS)
        await uow.invoices.add(invoice)
        await uow.commit()
    async with database.uow() as uow:
        stored = await uow.invoices.get("0000171682062019")
    assert stored == invoice
    assert stored.amount_ht == Decimal("1234.56") and stored.amount_ttc == Decimal("1481.47")


async def test_an_invoice_without_detail_lines_has_none(database):
    async with database.uow() as uow:
        line = await uow.lines.add(a_line())
        await uow.invoices.add(an_invoice("0000000000012026", line, month(2026, 1)))
        assert (await uow.invoices.get("0000000000012026")).details == ()
        assert await uow.invoices.get("9999999999999999") is None


async def test_latest_for_lines_gives_the_six_newest_periods_newest_first(database):
    async with database.uow() as uow:
        line, invoices = await _line_with_invoices(uow)
        latest = await uow.invoices.latest_for_lines([line.id])
    assert [i.period.month for i in latest] == [8, 7, 6, 5, 4, 3]
    assert latest[0] == invoices[-1]


async def test_latest_for_lines_merges_several_lines_and_applies_the_filters(database):
    async with database.uow() as uow:
        mobile, _ = await _line_with_invoices(uow, "0611111111", "1000", 3, "00001")
        fixe, _ = await _line_with_invoices(uow, "0522222222", "2000", 3, "00002")
        both = await uow.invoices.latest_for_lines([mobile.id, fixe.id], limit=10)
        by_period = await uow.invoices.latest_for_lines(
            [mobile.id, fixe.id], invoice_filter=InvoiceFilter(period=month(2026, 2)))
        by_msisdn = await uow.invoices.latest_for_lines(
            [mobile.id, fixe.id], invoice_filter=InvoiceFilter(msisdn="0522222222"))
        by_customer = await uow.invoices.latest_for_lines(
            [mobile.id, fixe.id], limit=2, invoice_filter=InvoiceFilter(customer_number="1000"))
    assert len(both) == 6 and [i.period.month for i in both] == [3, 3, 2, 2, 1, 1]
    assert {i.msisdn for i in by_period} == {"0611111111", "0522222222"}
    assert all(i.period == month(2026, 2) for i in by_period)
    assert {i.line_id for i in by_msisdn} == {fixe.id} and len(by_msisdn) == 3
    assert [i.period.month for i in by_customer] == [3, 2] and by_customer[0].customer_number == "1000"
    assert await _latest_of_nothing(database) == []


async def _latest_of_nothing(database):
    async with database.uow() as uow:
        return await uow.invoices.latest_for_lines([])


async def test_many_returns_known_invoices_in_the_requested_order(database):
    async with database.uow() as uow:
        _, invoices = await _line_with_invoices(uow, months=3)
        found = await uow.invoices.many([invoices[2].number, "1111111111111111", invoices[0].number])
    assert found == [invoices[2], invoices[0]]


async def test_unpaid_for_lines_lists_only_unpaid_ones_oldest_first(database):
    async with database.uow() as uow:
        line, invoices = await _line_with_invoices(uow, months=4)
        await uow.invoices.mark_paid([invoices[1].number], NOW, "ORDER-1")
        unpaid = await uow.invoices.unpaid_for_lines([line.id])
    assert [i.number for i in unpaid] == [invoices[0].number, invoices[2].number, invoices[3].number]


async def test_mark_paid_changes_only_still_unpaid_invoices_and_says_how_many(database):
    async with database.uow() as uow:
        _, invoices = await _line_with_invoices(uow, months=3)
        numbers = [i.number for i in invoices]
        assert await uow.invoices.mark_paid(numbers[:2], NOW, "ORDER-1") == 2
        assert await uow.invoices.mark_paid(numbers, NOW, "ORDER-2") == 1
        assert await uow.invoices.mark_paid(numbers, NOW, "ORDER-3") == 0
        assert await uow.invoices.mark_paid([], NOW, "ORDER-4") == 0
        first = await uow.invoices.get(numbers[0])
    assert first.status is InvoiceStatus.PAID and first.paid_at == NOW
    assert first.payment_reference == "ORDER-1"
