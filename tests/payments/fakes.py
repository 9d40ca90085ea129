"""Hand-written fakes of the ports the payment use cases touch.

Writes apply at once to a shared `Store` (as row locks would make them visible to the writer) and
are undone on rollback or when the unit of work exits without commit.
"""

import asyncio
from dataclasses import dataclass, field, replace
from datetime import datetime

from domain.invoices import Invoice, InvoiceStatus
from domain.payments import Payment, PaymentStatus
from domain.ports import Channel, OutgoingMessage


@dataclass
class Store:
    invoices: dict[str, Invoice] = field(default_factory=dict)
    payments: dict[str, Payment] = field(default_factory=dict)
    attempts: list[tuple[str, datetime]] = field(default_factory=list)


class _Repo:
    def __init__(self, store: Store, undo: list) -> None:
        self.store, self.undo = store, undo

    def _set(self, table: dict, key: str, value: object) -> None:
        previous = table.get(key)
        self.undo.append(lambda: table.__setitem__(key, previous) if previous is not None else table.pop(key, None))
        table[key] = value


class FakeInvoices(_Repo):
    async def many(self, numbers):
        return [self.store.invoices[n] for n in numbers if n in self.store.invoices]

    async def mark_paid(self, numbers, paid_at, reference):
        await asyncio.sleep(0)
        unpaid = [n for n in numbers if self.store.invoices[n].status is InvoiceStatus.UNPAID]
        for n in unpaid:
            self._set(self.store.invoices, n, replace(self.store.invoices[n], status=InvoiceStatus.PAID,
                                                      paid_at=paid_at, payment_reference=reference))
        return len(unpaid)


class FakePayments(_Repo):
    async def get(self, order_id):
        await asyncio.sleep(0)  # let concurrent callbacks interleave, as a database would
        return self.store.payments.get(order_id)

    async def by_receipt_token(self, token):
        return next((p for p in self.store.payments.values() if p.receipt_token == token), None)

    async def add(self, payment):
        self._set(self.store.payments, payment.order_id, payment)

    async def update_if(self, payment: Payment, expected: PaymentStatus) -> bool:
        await asyncio.sleep(0)
        if self.store.payments[payment.order_id].status is not expected:
            return False
        self._set(self.store.payments, payment.order_id, payment)
        return True


class FakeAttempts(_Repo):
    async def record(self, key, at):
        self.store.attempts.append((key, at))
        self.undo.append(lambda: self.store.attempts.remove((key, at)))

    async def count_since(self, key, since):
        return sum(1 for k, at in self.store.attempts if k == key and at >= since)


class FakeUnitOfWork:
    def __init__(self, store: Store) -> None:
        self._undo: list = []
        self.invoices = FakeInvoices(store, self._undo)
        self.payments = FakePayments(store, self._undo)
        self.attempts = FakeAttempts(store, self._undo)

    async def __aenter__(self):
        return self

    async def __aexit__(self, *exc):
        await self.rollback()

    async def commit(self):
        self._undo.clear()

    async def rollback(self):
        while self._undo:
            self._undo.pop()()


class RecordingEvents:
    """Records the hook calls; `receipt_ready` queues the receipt email as the real hook would."""

    def __init__(self) -> None:
        self.ready: list = []
        self.approved: list = []
        self.declined: list[Payment] = []
        self.refused: list[tuple[str, str]] = []

    async def receipt_ready(self, uow, payment, receipt):
        self.ready.append(receipt)
        outbox = getattr(uow, "outbox", None)
        if outbox is not None:
            await outbox.put(OutgoingMessage(Channel.EMAIL, payment.email, f"Reçu {receipt.token}",
                                             subject="Reçu de paiement", kind="payment.receipt"))

    async def payment_approved(self, payment, receipt):
        self.approved.append(receipt)

    async def payment_declined(self, payment):
        self.declined.append(payment)

    async def link_refused(self, payment, reason):
        self.refused.append((payment.order_id, str(reason)))
