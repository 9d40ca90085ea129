"""What the payment use cases take and give: links, gateway verdicts, answers, refusals, the hook."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Protocol

from domain.payments import Payment
from domain.ports import UnitOfWork
from domain.receipts import Receipt

APPROVED_CODE = "00"
ALREADY_PAID_CODE = "DOUBLE"  # return_code of an approval we refused to capture (invoice paid meanwhile)
LINK_VALIDITY = timedelta(minutes=15)


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


async def in_transaction(events: object, hook: str, uow: UnitOfWork, *args: object) -> bool:
    """Call an optional in-transaction hook of `events`; True when it exists (the caller commits).

    Besides `receipt_ready`, an implementation may offer `decline_recorded(uow, payment)` and
    `link_refusal_recorded(uow, payment, reason)`: called inside the unit of work that stores the
    decline or sees the refusal, before its commit, so the chat message queued there (outbox
    channel CHAT) survives a crash right after the commit. Implementations without them (older
    fakes) only get the after-commit calls.
    """
    method = getattr(events, hook, None)
    if method is None:
        return False
    await method(uow, *args)
    return True


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
