"""Consulter mes factures: the 6 latest invoices of an account, filters, and who may get a PDF.

Filter options come from what the account really has over the last 12 échéances (the current
month and the 11 before it), so a subscriber is never offered a choice that gives nothing.
An invoice belongs to an account when its line is one of the account's lines; nothing else is
ever listed or served as a PDF.
"""

from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal

from domain.accounts import Account
from domain.clock import local_today
from domain.errors import Refused
from domain.invoices import DisplayStatus, Invoice, InvoiceFilter, is_invoice_number
from domain.ports import UnitOfWork

LATEST = 6
OPTION_MONTHS = 12
FILTER_FIELDS = ("customer_number", "period", "msisdn")


@dataclass(frozen=True, slots=True)
class InvoiceRow:
    """One row of the table, in the guide's order of columns."""

    customer_number: str
    msisdn: str | None
    period: date
    due_date: date
    amount_ht: Decimal
    number: str
    status: DisplayStatus
    payable: bool


@dataclass(frozen=True, slots=True)
class FilterOptions:
    customer_numbers: tuple[str, ...]
    periods: tuple[date, ...]  # most recent first
    msisdns: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class InvoiceView:
    rows: tuple[InvoiceRow, ...]
    invoice_filter: InvoiceFilter
    options: FilterOptions

    @property
    def is_empty(self) -> bool:
        return not self.rows

    @property
    def is_filtered(self) -> bool:
        """Empty and filtered means "nothing matches these filters", not "no invoice yet"."""
        return not self.invoice_filter.is_empty

    @property
    def payable(self) -> tuple[InvoiceRow, ...]:
        """The rows the "Payer" button may offer: still unpaid (overdue included)."""
        return tuple(row for row in self.rows if row.payable)


def with_choice(invoice_filter: InvoiceFilter, field: str, value: str | date | None) -> InvoiceFilter:
    """Add or replace one criterion; the others stay (filters combine)."""
    if field not in FILTER_FIELDS:
        raise ValueError(f"unknown filter {field!r}")
    return replace(invoice_filter, **{field: value})


def cleared(invoice_filter: InvoiceFilter, field: str | None = None) -> InvoiceFilter:
    """Remove one criterion, or all of them when `field` is None."""
    if field is None:
        return InvoiceFilter()
    return with_choice(invoice_filter, field, None)


async def show_invoices(uow: UnitOfWork, account: Account, now: datetime,
                        invoice_filter: InvoiceFilter | None = None) -> InvoiceView:
    invoice_filter = invoice_filter or InvoiceFilter()
    today = local_today(now)
    async with uow:
        latest = await uow.invoices.latest_for_lines(account.line_ids, LATEST, invoice_filter)
        recent = await uow.invoices.latest_for_lines(
            account.line_ids, OPTION_MONTHS * max(1, len(account.line_ids)) * 2, None)
    rows = tuple(_row(invoice, today) for invoice in _owned(account, latest)[:LATEST])
    return InvoiceView(rows, invoice_filter, _options(_owned(account, recent), today))


async def invoice_for_pdf(uow: UnitOfWork, account: Account, number: str) -> Invoice:
    """The invoice, only if it belongs to the account: "invoice_not_found" otherwise, the same
    answer whether the number exists for another customer or not at all."""
    number = (number or "").strip()
    if not is_invoice_number(number):
        raise Refused("invoice_not_found")
    async with uow:
        invoice = await uow.invoices.get(number)
    if invoice is None or not _belongs(account, invoice):
        raise Refused("invoice_not_found")
    return invoice


def first_option_period(today: date) -> date:
    months = today.year * 12 + today.month - 1 - (OPTION_MONTHS - 1)
    return date(months // 12, months % 12 + 1, 1)


def _belongs(account: Account, invoice: Invoice) -> bool:
    return invoice.line_id is not None and invoice.line_id in account.line_ids


def _owned(account: Account, invoices: list[Invoice]) -> list[Invoice]:
    """Defence in depth: even a repository bug cannot show another customer's invoice."""
    return [invoice for invoice in invoices if _belongs(account, invoice)]


def _row(invoice: Invoice, today: date) -> InvoiceRow:
    return InvoiceRow(invoice.customer_number, invoice.msisdn, invoice.period, invoice.due_date,
                      invoice.amount_ht, invoice.number, invoice.display_status(today),
                      invoice.is_payable)


def _options(invoices: list[Invoice], today: date) -> FilterOptions:
    since = first_option_period(today)
    kept = [invoice for invoice in invoices if invoice.period >= since]
    return FilterOptions(
        customer_numbers=tuple(sorted({invoice.customer_number for invoice in kept})),
        periods=tuple(sorted({invoice.period for invoice in kept}, reverse=True)),
        msisdns=tuple(sorted({invoice.msisdn for invoice in kept if invoice.msisdn})),
    )
