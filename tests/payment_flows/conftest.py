"""A real engine with every flow on a real, seeded SQLite database; payment services wired as the
composition root does (bot/payment_events.py), a fixed clock, and a loop that delivers the CHAT
messages of the outbox to the engine with the dispatcher's sender (bot.delivery.ChatEventSender)."""

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.config import CmiSettings, Settings, WebSettings
from bot.delivery import ChannelPushers, ChatEventSender
from bot.documents import new_captcha, render_invoice_pdf
from bot.notification_texts import CatalogNotificationTexts
from bot.payment_events import PaymentNotifier, payment_services
from bot.scenarios.demo import DemoDatabases, identity_variables
from bot.security import Argon2PasswordHasher
from bot.web.payment_pages import PaymentWebDeps
from conversations.engine import Engine
from conversations.flows import registry
from conversations.flows.efacture.services import EfactureServices
from conversations.messages import Outbound
from conversations.services import FlowServices
from conversations.testing import ChatDriver, MovableClock
from domain.clock import local_today
from domain.ports import Channel, OutgoingMessage
from storage.database import Database

NOW = datetime(2026, 11, 21, 10, 0, tzinfo=UTC)
STORE_KEY = "Payment|Flows\\Key"
BASE_URL = "http://127.0.0.1:8080"


@pytest.fixture(scope="session")
def demo_databases(tmp_path_factory: pytest.TempPathFactory) -> DemoDatabases:
    """One seeded template per run; every test gets its own copy."""
    return DemoDatabases(tmp_path_factory.mktemp("payment-flows"))


@dataclass
class World:
    db: Database
    clock: MovableClock
    engine: Engine
    chat: ChatDriver
    deps: PaymentWebDeps
    demo: dict

    def driver(self, key: str) -> ChatDriver:
        return ChatDriver(self.engine, key=key, clock=self.clock)

    async def outbox(self, channel: Channel) -> list[OutgoingMessage]:
        async with self.db.uow() as uow:
            return [m for m in await uow.outbox.due(self.clock(), 200) if m.channel is channel]

    async def deliver_chat_events(self) -> dict[str, list[Outbound]]:
        """Hand every due CHAT message to the engine as the dispatcher does (bot.delivery's
        ChatEventSender), mark it sent; the replies pushed per conversation."""
        recorder = _Recorder()
        pushers = ChannelPushers()
        for channel in ("telegram", "console", "sms"):
            pushers.register(channel, recorder)
        sender = ChatEventSender(self.engine, pushers, self.clock)
        for message in await self.outbox(Channel.CHAT):
            await sender.deliver(message)
            async with self.db.uow() as uow:
                await uow.outbox.mark_sent(message.id, self.clock())
                await uow.commit()
        return recorder.pushed


class _Recorder:
    def __init__(self) -> None:
        self.pushed: dict[str, list[Outbound]] = {}

    async def push(self, key: str, messages: list[Outbound]) -> None:
        self.pushed.setdefault(key, []).extend(messages)


def build_engine(db: Database, clock, base_url: str = BASE_URL, gateway_url: str | None = None):
    cmi = CmiSettings(gateway_url=gateway_url) if gateway_url else CmiSettings()
    settings = Settings(web=WebSettings(public_base_url=base_url), cmi=cmi)
    deps = PaymentWebDeps(db.uow, settings, STORE_KEY, clock, PaymentNotifier(base_url))
    efacture = EfactureServices.build(db.uow, Argon2PasswordHasher(), CatalogNotificationTexts(), new_captcha,
                                      render_invoice_pdf)
    services = FlowServices(efacture=efacture, payment=payment_services(deps, db.uow), public_base_url=base_url)
    engine = Engine(db.conversations, registry(), clock=clock, services=services, secret_key=b"k" * 32)
    return engine, deps


async def open_world(demo_databases: DemoDatabases, tmp_path: Path, base_url: str = BASE_URL,
                     gateway_url: str | None = None) -> World:
    clock = MovableClock(NOW)
    db = Database.open(await demo_databases.fresh_url(local_today(NOW)))
    engine, deps = build_engine(db, clock, base_url, gateway_url)
    return World(db, clock, engine, ChatDriver(engine, key="telegram:4242", clock=clock), deps,
                 identity_variables(local_today(NOW)))


@pytest.fixture
async def world(demo_databases: DemoDatabases, tmp_path: Path):
    opened = await open_world(demo_databases, tmp_path)
    try:
        yield opened
    finally:
        await opened.db.close()
