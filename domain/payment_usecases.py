"""Payment use cases: start an attempt, open its link once, settle the gateway's verdict once.

The gateway (CMI) may call back several times for one order id, declined attempts first, in any
order, and again after we crashed between storing the result and answering. Settlement is a
compare-and-set on the payment's status plus `mark_paid` in the same unit of work, so however many
callbacks race, one wins, the invoices are paid once and the receipt hook runs once.

Ports defined here (besides those of domain.ports): `PaymentEvents`, the hook the composition root
connects to the chat push and the email outbox.
"""

import base64
import hashlib
import hmac
import logging
import secrets
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Protocol

from domain.clock import Clock
from domain.errors import InvalidAmount, NotFound, Refused
from domain.money import mad
from domain.payments import Payment, PaymentStatus
from domain.ports import UnitOfWork, UnitOfWorkFactory
from domain.receipts import Receipt, ReceiptLine

log = logging.getLogger(__name__)
APPROVED_CODE = "00"
ALREADY_PAID_CODE = "DOUBLE"  # return_code of an approval we refused to capture (invoice paid meanwhile)
LINK_VALIDITY = timedelta(minutes=15)
_MAX_SETTLE_ROUNDS = 12  # each lost compare-and-set means another callback changed the status


class Refusal(StrEnum):
    """Stable reasons (Refused.reason) the edges translate into words."""

    LINK_UNKNOWN = "link_unknown"
    LINK_EXPIRED = "link_expired"
    LINK_USED = "link_used"
    INVOICE_ALREADY_PAID = "invoice_already_paid"
    ALREADY_PAID = "payment_already_done"
    NOTHING_TO_PAY = "nothing_to_pay"


class Settlement(StrEnum):
    """What to tell the gateway: capture, acknowledge without capturing, or reject."""

    CAPTURE = "CAPTURE"
    ACKNOWLEDGE = "ACKNOWLEDGE"
    REJECT = "REJECT"


@dataclass(frozen=True, slots=True)
class PaymentLink:
    token: str
    order_id: str
    total: Decimal
    expires_at: datetime

    @property
    def path(self) -> str:
        """Relative to web.public_base_url."""
        return f"/pay/{self.token}"


@dataclass(frozen=True, slots=True)
class GatewayResult:
    """The gateway's verdict on one attempt, already authenticated by the edge."""

    order_id: str
    amount: str
    return_code: str | None
    transaction_id: str = ""
    authorization_code: str = ""
    masked_card: str = ""

    @property
    def approved(self) -> bool:
        return self.return_code == APPROVED_CODE


class _PaidElsewhere(Exception):
    """An invoice of the approved payment got paid by another payment in the meantime."""

    def __init__(self, payment: Payment) -> None:
        super().__init__(payment.order_id)
        self.payment = payment


class PaymentEvents(Protocol):
    """The hook the composition root connects to the chat push and the email outbox.

    `receipt_ready` runs INSIDE the settling unit of work, before its commit: queue durable work
    there (the receipt email in `uow.outbox`); it is stored exactly once, with the settlement, even if
    the process dies before answering CMI. The other methods run after commit, once per state change
    and never for a repeated callback; a crash right after the commit loses them (best effort).
    """

    async def receipt_ready(self, uow: UnitOfWork, payment: Payment, receipt: Receipt) -> None: ...
    async def payment_approved(self, payment: Payment, receipt: Receipt) -> None: ...
    async def payment_declined(self, payment: Payment) -> None: ...
    async def link_refused(self, payment: Payment, reason: str) -> None: ...


class PaymentEvent(StrEnum):
    """Names of the system events (Inbound.event) the composition root hands the payment flow."""

    APPROVED = "payment_approved"
    DECLINED = "payment_declined"
    LINK_REFUSED = "payment_link_refused"


def event_payload(payment: Payment, reason: str = "") -> dict[str, str]:
    """Inbound.payload for those events: strings only, the same keys for every event."""
    return {"order_id": payment.order_id, "status": payment.status.value, "reason": reason,
            "return_code": payment.return_code or "", "total": f"{payment.total:.2f}",
            "invoices": ",".join(payment.invoice_numbers), "email": payment.email,
            "authorization_code": payment.authorization_code or "",
            "transaction_id": payment.transaction_id or "", "receipt_token": payment.receipt_token or ""}


def new_order_id(now: datetime) -> str:
    """Unique per attempt, no whitespace, far below CMI's 64 characters."""
    return f"IAM{now:%Y%m%d%H%M%S}{secrets.token_hex(4).upper()}"


def derive_link_key(store_key: str) -> bytes:
    """A key of its own for link tokens, so a token never reveals anything about the store key."""
    return hmac.new(store_key.encode("utf-8"), b"iam-payment-link-v1", hashlib.sha256).digest()


def _signature(key: bytes, order_id: str) -> str:
    digest = hmac.new(key, order_id.encode("utf-8"), hashlib.sha256).digest()[:24]
    return base64.urlsafe_b64encode(digest).decode("ascii")


def link_token(key: bytes, order_id: str) -> str:
    return f"{order_id}.{_signature(key, order_id)}"


def order_id_of(key: bytes, token: str) -> str | None:
    order_id, _, signature = token.partition(".")
    if not order_id or not hmac.compare_digest(_signature(key, order_id).encode(), signature.encode()):
        return None
    return order_id


def payment_method_of(masked_card: str) -> str:
    """The receipt's "Méthode de paiement", from the card's first digit (brand by BIN range)."""
    first = masked_card.strip()[:1]
    return {"4": "VISA", "5": "MasterCard", "2": "MasterCard"}.get(first, "CMI")


def build_receipt(payment: Payment, lines: Sequence[ReceiptLine]) -> Receipt:
    if payment.status is not PaymentStatus.APPROVED or payment.settled_at is None:
        raise NotFound(f"no receipt for payment {payment.order_id}")
    return Receipt(
        msisdn=payment.msisdn, customer_number=payment.customer_number, email=payment.email,
        paid_at=payment.settled_at, authorization_code=payment.authorization_code or "",
        lines=tuple(lines), payment_method=payment_method_of(payment.masked_card or ""),
        masked_card=payment.masked_card or "", total=payment.total,
        transaction_id=payment.transaction_id or "", order_id=payment.order_id,
        token=payment.receipt_token or "")


async def receipt_lines(uow: UnitOfWork, payment: Payment) -> list[ReceiptLine]:
    invoices = {invoice.number: invoice for invoice in await uow.invoices.many(payment.invoice_numbers)}
    return [ReceiptLine(number, invoices[number].period, invoices[number].amount_ttc)
            for number in payment.invoice_numbers if number in invoices]


class PaymentUseCases:
    def __init__(self, uow_factory: UnitOfWorkFactory, clock: Clock, link_key: bytes,
                 events: PaymentEvents, validity: timedelta = LINK_VALIDITY,
                 make_order_id: Callable[[datetime], str] = new_order_id) -> None:
        self._uow_factory, self._clock, self._link_key = uow_factory, clock, link_key
        self._events, self._validity, self._make_order_id = events, validity, make_order_id

    async def start(self, invoice_numbers: Sequence[str], email: str, *, conversation_key: str | None = None,
                    msisdn: str | None = None, customer_number: str | None = None) -> PaymentLink:
        """Record a pending attempt with a fresh oid; the amount comes from our invoices only."""
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
                              customer_number=customer_number)
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
        if reason is not None:
            if reason is not Refusal.ALREADY_PAID:
                await _after_commit(self._events.link_refused(payment, reason))
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
        await _after_commit(self._events.payment_approved(approved, receipt))
        return Settlement.CAPTURE

    async def _refuse_capture(self, payment: Payment, result: GatewayResult) -> Settlement | None:
        """An invoice got paid elsewhere meanwhile: do not capture, so the hold is released."""
        async with self._uow_factory() as uow:
            failed = replace(payment.declined(return_code=ALREADY_PAID_CODE, now=self._clock(),
                                              transaction_id=result.transaction_id or None),
                             status=PaymentStatus.FAILED)
            if not await uow.payments.update_if(failed, payment.status):
                return None
            await uow.commit()
        await _after_commit(self._events.payment_declined(failed))
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
        await uow.commit()
        await _after_commit(self._events.payment_declined(declined))
        return Settlement.ACKNOWLEDGE


async def _after_commit(notification: Awaitable[None]) -> None:
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
