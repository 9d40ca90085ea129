"""Settle the gateway's verdicts exactly once, however many callbacks arrive, in whatever order.

Each verdict is a compare-and-set on the payment's status (`update_if`) plus `mark_paid` in one unit
of work. A lost compare-and-set means another callback changed the status: read again and retry.
"""

import logging
import secrets
from collections.abc import Awaitable
from dataclasses import replace
from decimal import Decimal

from domain.clock import Clock
from domain.errors import InvalidAmount
from domain.money import mad
from domain.payment_usecases.model import (
    ALREADY_PAID_CODE,
    GatewayResult,
    PaymentEvents,
    Settlement,
    in_transaction,
)
from domain.payment_usecases.receipt import build_receipt, receipt_lines
from domain.payments import Payment, PaymentStatus
from domain.ports import UnitOfWork, UnitOfWorkFactory

log = logging.getLogger(__name__)
_MAX_SETTLE_ROUNDS = 12  # each lost compare-and-set means another callback changed the status


class _PaidElsewhere(Exception):
    """An invoice of the approved payment got paid by another payment in the meantime."""

    def __init__(self, payment: Payment) -> None:
        super().__init__(payment.order_id)
        self.payment = payment


class Settler:
    def __init__(self, uow_factory: UnitOfWorkFactory, clock: Clock, events: PaymentEvents) -> None:
        self._uow_factory, self._clock, self._events = uow_factory, clock, events

    async def settle(self, result: GatewayResult) -> Settlement:
        """Apply one (authenticated) callback; safe to call any number of times, concurrently."""
        for _ in range(_MAX_SETTLE_ROUNDS):
            try:
                outcome = await self._settle_once(result)
            except _PaidElsewhere as conflict:
                outcome = await self._refuse_capture(conflict.payment, result)
            if outcome is not None:
                return outcome
        return Settlement.REJECT  # pathological contention: CMI leaves it for manual handling

    async def _settle_once(self, result: GatewayResult) -> Settlement | None:
        async with self._uow_factory() as uow:
            payment = await uow.payments.get(result.order_id)
            if payment is None or not _same_amount(result.amount, payment.total):
                return Settlement.REJECT
            if payment.status is PaymentStatus.APPROVED:
                # Repeated approval (maybe we crashed before answering): capture again, no new event.
                return Settlement.CAPTURE if result.approved else Settlement.ACKNOWLEDGE
            if payment.return_code == ALREADY_PAID_CODE and result.approved:
                return Settlement.ACKNOWLEDGE  # the same approval we already refused to capture
            if result.approved:
                return await self._approve(uow, payment, result)
            return await self._decline(uow, payment, result)

    async def _approve(self, uow: UnitOfWork, payment: Payment, result: GatewayResult) -> Settlement | None:
        now = self._clock()
        approved = payment.approved(transaction_id=result.transaction_id,
                                    authorization_code=result.authorization_code,
                                    masked_card=result.masked_card, now=now,
                                    receipt_token=secrets.token_urlsafe(24))
        if not await uow.payments.update_if(approved, payment.status):
            await uow.rollback()
            return None
        changed = await uow.invoices.mark_paid(payment.invoice_numbers, now, payment.order_id)
        if changed != len(payment.invoice_numbers):
            await uow.rollback()
            raise _PaidElsewhere(payment)
        receipt = build_receipt(approved, await receipt_lines(uow, approved))
        await self._events.receipt_ready(uow, approved, receipt)
        await uow.commit()
        await after_commit(self._events.payment_approved(approved, receipt))
        return Settlement.CAPTURE

    async def _refuse_capture(self, payment: Payment, result: GatewayResult) -> Settlement | None:
        """An invoice got paid elsewhere meanwhile: do not capture, so the hold is released."""
        async with self._uow_factory() as uow:
            failed = replace(payment.declined(return_code=ALREADY_PAID_CODE, now=self._clock(),
                                              transaction_id=result.transaction_id or None),
                             status=PaymentStatus.FAILED)
            if not await uow.payments.update_if(failed, payment.status):
                return None
            await in_transaction(self._events, "decline_recorded", uow, failed)
            await uow.commit()
        await after_commit(self._events.payment_declined(failed))
        return Settlement.ACKNOWLEDGE

    async def _decline(self, uow: UnitOfWork, payment: Payment, result: GatewayResult) -> Settlement | None:
        code = result.return_code or ""
        if (payment.status is PaymentStatus.DECLINED and payment.return_code == code
                and payment.transaction_id == (result.transaction_id or None)):
            return Settlement.ACKNOWLEDGE  # the same declined callback again
        declined = payment.declined(return_code=code, now=self._clock(),
                                    transaction_id=result.transaction_id or None)
        if not await uow.payments.update_if(declined, payment.status):
            await uow.rollback()
            return None
        await in_transaction(self._events, "decline_recorded", uow, declined)
        await uow.commit()
        await after_commit(self._events.payment_declined(declined))
        return Settlement.ACKNOWLEDGE


async def after_commit(notification: Awaitable[None]) -> None:
    """The state is stored already: a failing notification must not change the answer to CMI."""
    try:
        await notification
    except Exception:
        log.exception("payment notification failed (the payment state is stored)")


def _same_amount(posted: str, stored: Decimal) -> bool:
    try:
        return mad(posted) == stored and posted.strip() != ""
    except InvalidAmount:
        return False
