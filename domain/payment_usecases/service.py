"""Start a payment attempt, open its single-use link, read payments and receipts."""

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from decimal import Decimal

from domain.clock import Clock
from domain.errors import NotFound, Refused
from domain.payment_usecases.confirmation import sms_recipient
from domain.payment_usecases.links import link_token, new_order_id, order_id_of
from domain.payment_usecases.model import (
    LINK_VALIDITY,
    GatewayResult,
    PaymentEvents,
    PaymentLink,
    Refusal,
    Settlement,
    in_transaction,
)
from domain.payment_usecases.receipt import build_receipt, receipt_lines
from domain.payment_usecases.settlement import Settler, after_commit
from domain.payments import Payment, PaymentStatus
from domain.ports import UnitOfWork, UnitOfWorkFactory
from domain.receipts import Receipt


class PaymentUseCases:
    def __init__(self, uow_factory: UnitOfWorkFactory, clock: Clock, link_key: bytes,
                 events: PaymentEvents, validity: timedelta = LINK_VALIDITY,
                 make_order_id: Callable[[datetime], str] = new_order_id) -> None:
        self._uow_factory, self._clock, self._link_key = uow_factory, clock, link_key
        self._events, self._validity, self._make_order_id = events, validity, make_order_id
        self._settler = Settler(uow_factory, clock, events)

    async def start(self, invoice_numbers: Sequence[str], email: str, *, conversation_key: str | None = None,
                    msisdn: str | None = None, customer_number: str | None = None,
                    sms_to: str | None = None, language: str | None = None) -> PaymentLink:
        """Record a pending attempt with a fresh oid; the amount comes from our invoices only.

        `sms_to`: the subscriber asked for the confirmation by SMS at this number; kept only if it is
        the Mobile number of the one line whose invoices are paid (else silently no SMS)."""
        numbers = tuple(dict.fromkeys(invoice_numbers))
        if not numbers:
            raise Refused(Refusal.NOTHING_TO_PAY)
        now = self._clock()
        async with self._uow_factory() as uow:
            invoices = await uow.invoices.many(numbers)
            if len(invoices) != len(numbers):
                raise NotFound("unknown invoice")
            if not all(invoice.is_payable for invoice in invoices):
                raise Refused(Refusal.INVOICE_ALREADY_PAID)
            payment = Payment(order_id=self._make_order_id(now), invoice_numbers=numbers,
                              total=sum((i.amount_ttc for i in invoices), Decimal("0.00")), email=email,
                              created_at=now, conversation_key=conversation_key, msisdn=msisdn,
                              customer_number=customer_number, language=language,
                              notify_msisdn=await sms_recipient(uow, invoices, sms_to))
            await uow.payments.add(payment)
            await uow.commit()
        return PaymentLink(link_token(self._link_key, payment.order_id), payment.order_id,
                           payment.total, now + self._validity)

    async def open_link(self, token: str) -> Payment:
        """Consume the single-use link; raise Refused(Refusal.*) when it cannot be paid any more."""
        order_id = order_id_of(self._link_key, token)
        async with self._uow_factory() as uow:
            payment = await uow.payments.get(order_id) if order_id else None
            if payment is None:
                raise Refused(Refusal.LINK_UNKNOWN)
            reason = await self._consume(uow, payment)
            if reason not in (None, Refusal.ALREADY_PAID) and await in_transaction(
                    self._events, "link_refusal_recorded", uow, payment, reason.value):
                await uow.commit()
        if reason is not None:
            if reason is not Refusal.ALREADY_PAID:
                await after_commit(self._events.link_refused(payment, reason))
            raise Refused(reason, order_id=payment.order_id)
        return payment

    async def _consume(self, uow: UnitOfWork, payment: Payment) -> Refusal | None:
        now = self._clock()
        if payment.status is PaymentStatus.APPROVED:
            return Refusal.ALREADY_PAID
        if payment.status is PaymentStatus.EXPIRED:
            return Refusal.LINK_EXPIRED
        if payment.status is not PaymentStatus.PENDING:
            return Refusal.LINK_USED
        # Rewriting the row unchanged takes its lock, so two opens of one link queue here and the
        # second one counts the first one's committed record below (PostgreSQL READ COMMITTED).
        if not await uow.payments.update_if(payment, PaymentStatus.PENDING):
            return Refusal.LINK_USED
        key = f"payment-link:{payment.order_id}"
        if await uow.attempts.count_since(key, payment.created_at) > 0:
            return Refusal.LINK_USED
        if now >= payment.created_at + self._validity:
            # Never opened, so CMI never saw this oid: safe to close the attempt.
            await uow.payments.update_if(replace(payment, status=PaymentStatus.EXPIRED), PaymentStatus.PENDING)
            await uow.commit()
            return Refusal.LINK_EXPIRED
        invoices = await uow.invoices.many(payment.invoice_numbers)
        if len(invoices) != len(payment.invoice_numbers) or not all(i.is_payable for i in invoices):
            return Refusal.INVOICE_ALREADY_PAID
        await uow.attempts.record(key, now)
        await uow.commit()
        return None

    async def payment(self, order_id: str) -> Payment | None:
        async with self._uow_factory() as uow:
            return await uow.payments.get(order_id)

    async def receipt(self, receipt_token: str) -> Receipt | None:
        async with self._uow_factory() as uow:
            payment = await uow.payments.by_receipt_token(receipt_token) if receipt_token else None
            if payment is None or payment.status is not PaymentStatus.APPROVED:
                return None
            return build_receipt(payment, await receipt_lines(uow, payment))

    async def settle(self, result: GatewayResult) -> Settlement:
        """Apply one (authenticated) callback; safe to call any number of times, concurrently."""
        return await self._settler.settle(result)
