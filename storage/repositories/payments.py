"""Payments (one CMI order each) and the invoices each one settles (table payment_invoices)."""

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from sqlalchemy import Select, bindparam, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from domain.payments import Payment, PaymentStatus
from storage import mapping
from storage.tables import payment_invoices, payments

_BY_ORDER = select(payments).where(payments.c.order_id == bindparam("order_id"))
_BY_TOKEN = select(payments).where(payments.c.receipt_token == bindparam("token"))
_NUMBERS = (select(payment_invoices.c.order_id, payment_invoices.c.invoice_number)
            .where(payment_invoices.c.order_id.in_(bindparam("orders", expanding=True)))
            .order_by(payment_invoices.c.order_id, payment_invoices.c.position))
_PENDING = (select(payments)
            .where(payments.c.status == PaymentStatus.PENDING.value,
                   payments.c.order_id.in_(
                       select(payment_invoices.c.order_id)
                       .where(payment_invoices.c.invoice_number.in_(bindparam("numbers", expanding=True)))))
            .order_by(payments.c.created_at, payments.c.order_id))


def payment_values(payment: Payment) -> dict[str, Any]:
    """storage.mapping's columns plus those of revision 0003 (the confirmation SMS, the language)."""
    return {**mapping.payment_values(payment), "notify_msisdn": payment.notify_msisdn,
            "language": payment.language}


def payment_from_row(row: Any, invoice_numbers: tuple[str, ...]) -> Payment:
    return replace(mapping.payment_from_row(row, invoice_numbers), notify_msisdn=row.notify_msisdn,
                   language=row.language)


class SqlPaymentRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def get(self, order_id: str) -> Payment | None:
        found = await self._load(_BY_ORDER, {"order_id": order_id})
        return found[0] if found else None

    async def by_receipt_token(self, token: str) -> Payment | None:
        found = await self._load(_BY_TOKEN, {"token": token})
        return found[0] if found else None

    async def add(self, payment: Payment) -> None:
        await self._connection.execute(insert(payments).values(payment_values(payment)))
        if payment.invoice_numbers:
            await self._connection.execute(insert(payment_invoices), [
                {"order_id": payment.order_id, "invoice_number": number, "position": position}
                for position, number in enumerate(dict.fromkeys(payment.invoice_numbers))])

    async def update_if(self, payment: Payment, expected: PaymentStatus) -> bool:
        values = payment_values(payment)
        del values["order_id"]
        result = await self._connection.execute(
            update(payments)
            .where(payments.c.order_id == payment.order_id, payments.c.status == expected.value)
            .values(values))
        return result.rowcount == 1

    async def pending_for_invoices(self, numbers: Sequence[str]) -> list[Payment]:
        if not numbers:
            return []
        return await self._load(_PENDING, {"numbers": list(numbers)})

    async def _load(self, query: Select, params: dict) -> list[Payment]:
        rows = (await self._connection.execute(query, params)).all()
        if not rows:
            return []
        numbers: dict[str, list[str]] = {row.order_id: [] for row in rows}
        for order_id, number in await self._connection.execute(_NUMBERS, {"orders": list(numbers)}):
            numbers[order_id].append(number)
        return [payment_from_row(row, tuple(numbers[row.order_id])) for row in rows]
