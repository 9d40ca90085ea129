from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from domain.invoices import Invoice
from domain.payment_usecases import PaymentUseCases, derive_link_key
from tests.payments.fakes import FakeUnitOfWork, RecordingEvents, Store
from tests.support.databases import database, postgres_url, sqlite_template  # noqa: F401 - fixtures

START = datetime(2026, 11, 21, 10, 0, tzinfo=UTC)
NUMBERS = ("0000171682062019", "0000171682062020", "0000171682062021")


class MovableClock:
    def __init__(self, at: datetime = START) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at

    def advance(self, **delta: float) -> None:
        self.at += timedelta(**delta)


def unpaid_invoice(number: str, month: int, amount_ht: str) -> Invoice:
    return Invoice(number=number, customer_number="1234567", msisdn="0612345678", line_id=None,
                   period=date(2026, month, 1), due_date=date(2026, month, 20), amount_ht=Decimal(amount_ht))


def three_unpaid_invoices() -> list[Invoice]:
    """769.20, 120.00 and 60.00 DH TTC."""
    return [unpaid_invoice(number, month, amount)
            for number, month, amount in zip(NUMBERS, (8, 9, 10), ("641.00", "100.00", "50.00"), strict=True)]


@pytest.fixture
def store() -> Store:
    return Store(invoices={invoice.number: invoice for invoice in three_unpaid_invoices()})


@pytest.fixture
async def db_with_invoices(database):  # noqa: F811 - the imported fixture
    """A real migrated database (SQLite, and PostgreSQL when marked) holding the three invoices."""
    async with database.uow() as uow:
        for invoice in three_unpaid_invoices():
            await uow.invoices.add(invoice)
        await uow.commit()
    return database


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock()


@pytest.fixture
def events() -> RecordingEvents:
    return RecordingEvents()


@pytest.fixture
def usecases(store, clock, events) -> PaymentUseCases:
    return PaymentUseCases(lambda: FakeUnitOfWork(store), clock, derive_link_key("TEST1234"), events)
