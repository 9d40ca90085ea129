"""Invoices: the last six of some lines (with the e-facture filters), unpaid ones, settling."""

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from domain.invoices import Invoice, InvoiceFilter, InvoiceStatus
from storage.mapping import invoice_from_row, invoice_values
from storage.tables import invoices

_BY_NUMBER = select(invoices).where(invoices.c.number == bindparam("number"))
_BY_NUMBERS = select(invoices).where(invoices.c.number.in_(bindparam("numbers", expanding=True)))
_NEWEST_FIRST = (invoices.c.period.desc(), invoices.c.number.desc())
_LATEST = (select(invoices).where(invoices.c.line_id.in_(bindparam("ids", expanding=True)))
           .order_by(*_NEWEST_FIRST).limit(bindparam("limit")))
_UNPAID = (select(invoices)
           .where(invoices.c.line_id.in_(bindparam("ids", expanding=True)),
                  invoices.c.status == InvoiceStatus.UNPAID.value)
           .order_by(invoices.c.period, invoices.c.number))


class SqlInvoiceRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def get(self, number: str) -> Invoice | None:
        row = (await self._connection.execute(_BY_NUMBER, {"number": number})).first()
        return invoice_from_row(row) if row else None

    async def many(self, numbers: Sequence[str]) -> list[Invoice]:
        """The invoices in the order of `numbers`; unknown numbers are left out."""
        if not numbers:
            return []
        result = await self._connection.execute(_BY_NUMBERS, {"numbers": list(numbers)})
        found = {row.number: invoice_from_row(row) for row in result}
        return [found[n] for n in dict.fromkeys(numbers) if n in found]

    async def latest_for_lines(self, line_ids: Sequence[int], limit: int = 6,
                               invoice_filter: InvoiceFilter | None = None) -> list[Invoice]:
        """Newest échéance first; the (line_id, period) index serves it without sorting."""
        if not line_ids:
            return []
        if invoice_filter is None or invoice_filter.is_empty:  # the hot path: one cached statement
            result = await self._connection.execute(_LATEST, {"ids": list(line_ids), "limit": limit})
            return [invoice_from_row(row) for row in result]
        query = select(invoices).where(invoices.c.line_id.in_(line_ids))
        if invoice_filter.customer_number is not None:
            query = query.where(invoices.c.customer_number == invoice_filter.customer_number)
        if invoice_filter.period is not None:
            query = query.where(invoices.c.period == invoice_filter.period)
        if invoice_filter.msisdn is not None:
            query = query.where(invoices.c.msisdn == invoice_filter.msisdn)
        query = query.order_by(*_NEWEST_FIRST).limit(limit)
        return [invoice_from_row(row) for row in await self._connection.execute(query)]

    async def unpaid_for_lines(self, line_ids: Sequence[int]) -> list[Invoice]:
        """Oldest first, the order in which a subscriber is asked to settle them."""
        if not line_ids:
            return []
        result = await self._connection.execute(_UNPAID, {"ids": list(line_ids)})
        return [invoice_from_row(row) for row in result]

    async def add(self, invoice: Invoice) -> None:
        await self._connection.execute(insert(invoices).values(invoice_values(invoice)))

    async def mark_paid(self, numbers: Sequence[str], paid_at: datetime, reference: str) -> int:
        if not numbers:
            return 0
        result = await self._connection.execute(
            update(invoices)
            .where(invoices.c.number.in_(list(numbers)), invoices.c.status == InvoiceStatus.UNPAID.value)
            .values(status=InvoiceStatus.PAID.value, paid_at=paid_at, payment_reference=reference))
        return result.rowcount
