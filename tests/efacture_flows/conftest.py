"""A real engine with every flow, e-facture services over the fakes of tests/efacture, a captcha
whose answers the test knows, the real PDF renderer and the real catalog texts."""

import re
from dataclasses import dataclass
from datetime import date

import pytest

from bot.documents import render_invoice_pdf
from bot.notification_texts import CatalogNotificationTexts
from conversations.engine import Engine
from conversations.flows import discover
from conversations.flows.efacture.account_menu import PAYMENT_FLOW
from conversations.flows.efacture.services import EfactureServices
from conversations.memory_store import MemoryConversationStore
from conversations.registry import FlowRegistry
from conversations.services import FlowServices
from conversations.testing import ChatDriver, MovableClock
from domain.invoices import InvoiceStatus
from domain.ports import OutgoingMessage
from domain.services import LineStatus, Segment, ServiceType
from tests.efacture.builders import NOW, a_line, an_invoice
from tests.efacture.fakes import FakeData, FakePasswordHasher, FakeUnitOfWork

SECRET_KEY = b"e" * 32
MOBILE, FIXE, INTERNET = ServiceType.MOBILE, ServiceType.FIXE, ServiceType.INTERNET
# A generated password: 10 letters and digits with at least one of each.
_PASSWORD = re.compile(r"(?<![\w])(?=\w*\d)(?=\w*[A-Za-z])[A-Za-z2-9]{10}(?![\w])")
_CODE = re.compile(r"(?<!\d)\d{6}(?!\d)")


@dataclass(frozen=True)
class FakeCaptcha:
    answer: str
    png: bytes


class KnownCaptchas:
    """Each image has a new answer the test can read: K1ABC, K2ABC, ..."""

    def __init__(self) -> None:
        self.drawn = 0

    def __call__(self) -> FakeCaptcha:
        self.drawn += 1
        return FakeCaptcha(self.answer, b"\x89PNG fake " + self.answer.encode())

    @property
    def answer(self) -> str:
        return f"K{self.drawn}ABC"


def seed_lines(data: FakeData) -> None:
    """The customers the tests talk about (ids are line ids)."""
    lines = [
        a_line(1),                                                        # Mobile 0612345678 / 1716820
        a_line(2, "0522123456", "5550001", FIXE, payment_code="4821"),    # Fixe
        a_line(3, None, "7770001", INTERNET, payment_code="9090"),        # pack Duo: Internet
        a_line(4, "0537000001", "7770001", FIXE, payment_code="3131"),    #           + Fixe
        a_line(5, "0661000005", "8880001", segment=Segment.ENTREPRISE),
        a_line(6, "0661000006", "8880002", activation_date=date(2026, 11, 3)),
        a_line(7, "0661000007", "8880003", status=LineStatus.TERMINATED),
        a_line(8, "0612345699", "1716820"),                               # family: 2nd Mobile
    ]
    for line in lines:
        data.lines[line.id] = line
    for month in range(4, 12):  # line 1: Apr..Nov 2026; October (overdue) and November unpaid
        status = InvoiceStatus.UNPAID if month >= 10 else InvoiceStatus.PAID
        invoice = an_invoice(170_000 + month, 1, date(2026, month, 1), status=status)
        data.invoices[invoice.number] = invoice
    other = an_invoice(990_001, 8, date(2026, 10, 1), msisdn="0612345699")
    data.invoices[other.number] = other
    stranger = an_invoice(880_001, 2, date(2026, 10, 1), msisdn="0522123456", customer_number="5550001")
    data.invoices[stranger.number] = stranger


@pytest.fixture
def data() -> FakeData:
    data = FakeData()
    seed_lines(data)
    return data


@pytest.fixture
def captchas() -> KnownCaptchas:
    return KnownCaptchas()


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock(NOW)


@pytest.fixture
def store() -> MemoryConversationStore:
    return MemoryConversationStore()


@pytest.fixture
def services(data, captchas) -> EfactureServices:
    return EfactureServices.build(lambda: FakeUnitOfWork(data), FakePasswordHasher(), CatalogNotificationTexts(),
                                  captchas, render_invoice_pdf)


def build_engine(store, clock, services, extra=None) -> Engine:
    """Every flow but the payment helper's (these tests bring their own stand-in when they need
    one), plus `extra`."""
    flows = [flow for flow in discover() if flow.name != PAYMENT_FLOW] + list(extra or [])
    return Engine(store, FlowRegistry(flows), clock=clock, secret_key=SECRET_KEY,
                  services=FlowServices(efacture=services))


@pytest.fixture
def engine(store, clock, services) -> Engine:
    return build_engine(store, clock, services)


@pytest.fixture
async def chat(engine) -> ChatDriver:
    driver = ChatDriver(engine, key="test:ef")
    await driver.say("/start")
    return driver


def last_message(data: FakeData, recipient: str) -> OutgoingMessage:
    return [m for m in data.outbox if m.recipient == recipient][-1]


def password_in(message: OutgoingMessage) -> str:
    return _PASSWORD.search(message.body)[0]


def code_in(message: OutgoingMessage) -> str:
    return _CODE.search(message.body)[0]
