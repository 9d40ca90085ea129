from datetime import UTC, date, datetime

import pytest

from domain.efacture.invoices_view import cleared, invoice_for_pdf, show_invoices, with_choice
from domain.errors import Refused
from domain.invoices import DisplayStatus, InvoiceFilter, InvoiceStatus
from tests.efacture.builders import NOW, an_account, an_invoice

ACCOUNT = an_account(line_ids=(1, 2))


@pytest.fixture
async def invoices(uow):
    """Line 1 billed Jan–Oct 2026; line 2 (another number) Sep–Oct; line 9 is someone else's."""
    for month in range(1, 11):
        paid = InvoiceStatus.PAID if month < 9 else InvoiceStatus.UNPAID
        await uow.invoices.add(an_invoice(month, 1, date(2026, month, 1), status=paid))
    await uow.invoices.add(an_invoice(101, 2, date(2026, 9, 1), msisdn="0661000000",
                                      customer_number="2000001"))
    await uow.invoices.add(an_invoice(102, 2, date(2026, 10, 1), msisdn="0661000000",
                                      customer_number="2000001", status=InvoiceStatus.CANCELLED))
    await uow.invoices.add(an_invoice(900, 9, date(2026, 10, 1), msisdn="0699999999"))
    await uow.invoices.add(an_invoice(50, 1, date(2025, 10, 1), status=InvoiceStatus.PAID))


async def test_the_six_latest_invoices_of_the_accounts_lines_are_shown_newest_first(uow, invoices):
    view = await show_invoices(uow, ACCOUNT, NOW)
    assert [row.number[-3:] for row in view.rows] == ["102", "010", "101", "009", "008", "007"]
    assert not view.is_empty and not view.is_filtered
    first = view.rows[1]
    assert (first.customer_number, first.msisdn, first.period, first.due_date) == (
        "1716820", "0612345678", date(2026, 10, 1), date(2026, 11, 15))


async def test_statuses_say_paid_unpaid_or_overdue_in_casablanca_time(uow, invoices):
    async def statuses(now):
        return {row.number[-3:]: row.status for row in (await show_invoices(uow, ACCOUNT, now)).rows}

    on_due_date = await statuses(datetime(2026, 11, 15, 22, 30, tzinfo=UTC))  # 23:30 in Casablanca
    assert on_due_date["008"] is DisplayStatus.PAID
    assert on_due_date["009"] is DisplayStatus.OVERDUE   # due 15 Oct
    assert on_due_date["010"] is DisplayStatus.UNPAID    # due 15 Nov
    next_day = await statuses(datetime(2026, 11, 15, 23, 30, tzinfo=UTC))  # 16 Nov 00:30 local
    assert next_day["010"] is DisplayStatus.OVERDUE


async def test_only_unpaid_invoices_are_offered_to_the_payer_button(uow, invoices):
    view = await show_invoices(uow, ACCOUNT, NOW)
    assert [row.number[-3:] for row in view.payable] == ["010", "101", "009"]


async def test_filter_options_are_what_the_account_had_over_the_last_twelve_months(uow, invoices):
    options = (await show_invoices(uow, ACCOUNT, NOW)).options
    assert options.customer_numbers == ("1716820", "2000001")
    assert options.msisdns == ("0612345678", "0661000000")
    assert options.periods == tuple(date(2026, m, 1) for m in range(10, 0, -1))  # not Oct 2025


async def test_filters_combine_and_clear(uow, invoices):
    wanted = with_choice(with_choice(InvoiceFilter(), "msisdn", "0612345678"), "period", date(2026, 3, 1))
    view = await show_invoices(uow, ACCOUNT, NOW, wanted)
    assert [row.number[-3:] for row in view.rows] == ["003"]
    assert cleared(wanted, "period") == InvoiceFilter(msisdn="0612345678")
    assert cleared(wanted).is_empty


async def test_a_filter_matching_nothing_gives_an_empty_filtered_view(uow, invoices):
    wanted = InvoiceFilter(customer_number="2000001", period=date(2026, 3, 1))
    view = await show_invoices(uow, ACCOUNT, NOW, wanted)
    assert view.is_empty and view.is_filtered and view.payable == ()


async def test_an_account_without_invoices_is_empty_and_unfiltered(uow):
    view = await show_invoices(uow, ACCOUNT, NOW)
    assert view.is_empty and not view.is_filtered and view.options.periods == ()


async def test_another_customers_number_never_shows_their_invoices(uow, invoices):
    view = await show_invoices(uow, ACCOUNT, NOW, InvoiceFilter(msisdn="0699999999"))
    assert view.is_empty


def test_an_unknown_filter_field_is_a_programming_error():
    with pytest.raises(ValueError):
        with_choice(InvoiceFilter(), "amount", "1")


async def test_a_pdf_is_served_only_for_an_invoice_of_the_accounts_lines(uow, invoices):
    assert (await invoice_for_pdf(uow, ACCOUNT, " 0000000000000101 ")).line_id == 2
    refusals = []
    for number in ["0000000000000900", "0000000000000777", "123", "../../etc/passwd"]:
        with pytest.raises(Refused) as refused:
            await invoice_for_pdf(uow, ACCOUNT, number)
        refusals.append((refused.value.reason, refused.value.details))
    assert refusals == [("invoice_not_found", {})] * 4
