"""The receipt the payment guide shows after a successful payment."""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class ReceiptLine:
    invoice_number: str
    period: date
    amount: Decimal


@dataclass(frozen=True, slots=True)
class Receipt:
    msisdn: str | None
    customer_number: str | None
    email: str
    paid_at: datetime
    authorization_code: str
    lines: tuple[ReceiptLine, ...]
    payment_method: str
    masked_card: str
    total: Decimal
    transaction_id: str
    order_id: str
    token: str
