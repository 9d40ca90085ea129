"""Small builders of domain objects for the storage tests."""

from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal

from domain.accounts import Account
from domain.invoices import DetailKind, Invoice, InvoiceDetail
from domain.lines import Line
from domain.payments import Payment
from domain.services import LineStatus, Segment, ServiceType

NOW = datetime(2026, 11, 21, 10, 30, 15, 123456, tzinfo=UTC)


def a_line(msisdn: str | None = "0612345678", customer_number: str = "1716820", **changes) -> Line:
    line = Line(None, customer_number, ServiceType.MOBILE, Segment.PARTICULIER, "Amina Benali",
                date(2023, 4, 12), LineStatus.ACTIVE, "483920", msisdn, "amina@example.ma")
    return replace(line, **changes)


def an_invoice(number: str, line: Line, period: date, amount: str = "641.00", **changes) -> Invoice:
    due = date(period.year + (period.month == 12), period.month % 12 + 1, 15)
    invoice = Invoice(number, line.customer_number, line.msisdn, line.id, period, due, Decimal(amount))
    return replace(invoice, **changes)


DETAILS = (InvoiceDetail(DetailKind.SUBSCRIPTION, "Forfait Mobile 99 DH", Decimal("82.50")),
           InvoiceDetail(DetailKind.DATA, "Internet mobile — dépassement", Decimal("12.34")))


def an_account(login: str, line_ids: tuple[int, ...], **changes) -> Account:
    account = Account(None, login, "$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA", ServiceType.MOBILE,
                      line_ids, "amina@example.ma", True, NOW)
    return replace(account, **changes)


def a_payment(order_id: str, numbers: tuple[str, ...], total: str = "769.20", **changes) -> Payment:
    payment = Payment(order_id, numbers, Decimal(total), "amina@example.ma", NOW,
                      conversation_key="telegram:42", msisdn="0612345678", customer_number="1716820")
    return replace(payment, **changes)


def month(year: int, number: int) -> date:
    return date(year, number, 1)
