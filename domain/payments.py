"""Payments: one attempt on the CMI gateway, identified by its order id (`oid`)."""

from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal
from enum import StrEnum


class PaymentStatus(StrEnum):
    PENDING = "PENDING"
    APPROVED = "APPROVED"
    DECLINED = "DECLINED"
    FAILED = "FAILED"
    EXPIRED = "EXPIRED"

    @property
    def is_final(self) -> bool:
        return self is not PaymentStatus.PENDING


@dataclass(frozen=True, slots=True)
class Payment:
    order_id: str
    invoice_numbers: tuple[str, ...]
    total: Decimal
    email: str
    created_at: datetime
    status: PaymentStatus = PaymentStatus.PENDING
    conversation_key: str | None = None
    msisdn: str | None = None
    customer_number: str | None = None
    transaction_id: str | None = None
    authorization_code: str | None = None
    masked_card: str | None = None
    return_code: str | None = None
    settled_at: datetime | None = None
    receipt_token: str | None = None
    # The confirmation SMS goes to this number only: the paid line's own Mobile number, set when the
    # subscriber said yes (never a typed number). None: no SMS.
    notify_msisdn: str | None = None
    language: str | None = None  # the conversation's language when the attempt started (fr, ar, en)

    def approved(self, *, transaction_id: str, authorization_code: str, masked_card: str,
                 now: datetime, receipt_token: str) -> "Payment":
        return replace(self, status=PaymentStatus.APPROVED, transaction_id=transaction_id,
                       authorization_code=authorization_code, masked_card=masked_card,
                       return_code="00", settled_at=now, receipt_token=receipt_token)

    def declined(self, *, return_code: str, now: datetime, transaction_id: str | None = None) -> "Payment":
        return replace(self, status=PaymentStatus.DECLINED, return_code=return_code,
                       transaction_id=transaction_id, settled_at=now)
