"""Builders of lines, accounts and invoices with sensible defaults (override what a test is about)."""

from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal

from domain.accounts import Account
from domain.invoices import Invoice
from domain.lines import Line
from domain.services import LineStatus, Segment, ServiceType

NOW = datetime(2026, 11, 21, 10, 0, tzinfo=UTC)


def a_line(id: int, msisdn: str | None = "0612345678", customer_number: str = "1716820",
           service: ServiceType = ServiceType.MOBILE, **changes) -> Line:
    line = Line(id, customer_number, service, Segment.PARTICULIER, "Amina Benali", date(2024, 3, 12),
                LineStatus.ACTIVE, "4821", msisdn=msisdn)
    return replace(line, **changes)


def an_account(id: int = 1, login: str = "amina", line_ids: tuple[int, ...] = (1,),
               password_hash: str = "fake:v1:Secret2026", **changes) -> Account:
    account = Account(id, login, password_hash, ServiceType.MOBILE, line_ids, "amina@example.ma",
                      False, NOW)
    return replace(account, **changes)


def an_invoice(number: int, line_id: int, period: date, msisdn: str | None = "0612345678",
               customer_number: str = "1716820", **changes) -> Invoice:
    due = date(period.year + period.month // 12, period.month % 12 + 1, 15)
    invoice = Invoice(f"{number:016d}", customer_number, msisdn, line_id, period, due, Decimal("641.00"))
    return replace(invoice, **changes)
