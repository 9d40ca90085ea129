"""Invoices as e-facture shows them and the payment service settles them."""

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from domain.money import ttc_of, vat_of


class InvoiceStatus(StrEnum):
    UNPAID = "UNPAID"
    PAID = "PAID"
    CANCELLED = "CANCELLED"


class DisplayStatus(StrEnum):
    """What the subscriber sees: an unpaid invoice past its due date is overdue."""

    PAID = "PAID"
    UNPAID = "UNPAID"
    OVERDUE = "OVERDUE"
    CANCELLED = "CANCELLED"


class DetailKind(StrEnum):
    SUBSCRIPTION = "SUBSCRIPTION"
    NATIONAL_CALLS = "NATIONAL_CALLS"
    INTERNATIONAL_CALLS = "INTERNATIONAL_CALLS"
    DATA = "DATA"
    SMS = "SMS"
    OPTIONS = "OPTIONS"


@dataclass(frozen=True, slots=True)
class InvoiceDetail:
    kind: DetailKind
    label: str
    amount_ht: Decimal


@dataclass(frozen=True, slots=True)
class Invoice:
    """`number` is the 16-digit numéro de facture; `period` is the first day of the échéance month."""

    number: str
    customer_number: str
    msisdn: str | None
    line_id: int | None
    period: date
    due_date: date
    amount_ht: Decimal
    status: InvoiceStatus = InvoiceStatus.UNPAID
    paid_at: datetime | None = None
    payment_reference: str | None = None
    details: tuple[InvoiceDetail, ...] = field(default=())

    @property
    def vat(self) -> Decimal:
        return vat_of(self.amount_ht)

    @property
    def amount_ttc(self) -> Decimal:
        return ttc_of(self.amount_ht)

    def display_status(self, today: date) -> DisplayStatus:
        if self.status is InvoiceStatus.PAID:
            return DisplayStatus.PAID
        if self.status is InvoiceStatus.CANCELLED:
            return DisplayStatus.CANCELLED
        return DisplayStatus.OVERDUE if today > self.due_date else DisplayStatus.UNPAID

    @property
    def is_payable(self) -> bool:
        return self.status is InvoiceStatus.UNPAID


def is_invoice_number(text: str) -> bool:
    return len(text) == 16 and text.isdigit()


@dataclass(frozen=True, slots=True)
class InvoiceFilter:
    """The e-facture filters: numéro client, échéance and numéro d'appel; None means any."""

    customer_number: str | None = None
    period: date | None = None
    msisdn: str | None = None

    def matches(self, invoice: Invoice) -> bool:
        return (
            (self.customer_number is None or invoice.customer_number == self.customer_number)
            and (self.period is None or invoice.period == self.period)
            and (self.msisdn is None or invoice.msisdn == self.msisdn)
        )

    @property
    def is_empty(self) -> bool:
        return self.customer_number is None and self.period is None and self.msisdn is None
