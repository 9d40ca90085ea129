"""Invoices, lines and receipts with sensible defaults; tests override what they are about."""

from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal

from domain.invoices import DetailKind, Invoice, InvoiceDetail
from domain.lines import Line
from domain.receipts import Receipt, ReceiptLine
from domain.services import LineStatus, Segment, ServiceType


def a_line(**changes: object) -> Line:
    line = Line(id=7, customer_number="30451208", service=ServiceType.FIXE, segment=Segment.PARTICULIER,
                holder_name="Youssef El Amrani", activation_date=date(2015, 9, 1), status=LineStatus.ACTIVE,
                payment_code="731905", msisdn="0537771122", email="y.elamrani@example.ma")
    return replace(line, **changes)


def an_invoice(**changes: object) -> Invoice:
    invoice = Invoice(number="0000171682062019", customer_number="30451208", msisdn="0537771122", line_id=7,
                      period=date(2019, 5, 1), due_date=date(2019, 6, 15), amount_ht=Decimal("641.00"),
                      details=(InvoiceDetail(DetailKind.SUBSCRIPTION, "Abonnement Fixe", Decimal("600.00")),
                               InvoiceDetail(DetailKind.NATIONAL_CALLS, "Appels nationaux", Decimal("41.00"))))
    return replace(invoice, **changes)


def a_receipt(**changes: object) -> Receipt:
    receipt = Receipt(msisdn="0612345678", customer_number=None, email="client@example.ma",
                      paid_at=datetime(2024, 11, 21, 23, 30, tzinfo=UTC), authorization_code="A1B2C3",
                      lines=(ReceiptLine("0000171682062019", date(2019, 5, 1), Decimal("769.20")),),
                      payment_method="VISA", masked_card="4000 00** **** 0002", total=Decimal("769.20"),
                      transaction_id="100001001587", order_id="IAM-1", token="tok")
    return replace(receipt, **changes)
