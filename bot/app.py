"""Composition root: the only place that builds engines, database handles, clients and servers.

`open_services(settings)` opens everything a process needs and closes it in reverse order;
`build_web_app(services)` assembles the one aiohttp application (payment pages, CMI callback,
receipts, SMS keyword responder, Telegram webhook). Channels receive the engine from here.
"""

import logging
import secrets as secrets_module
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from aiohttp import web

from bot.config import PROJECT_ROOT, Settings
from bot.delivery import ChannelPushers, ChatEventSender
from bot.dev_sinks import ConsoleMailSender, ConsoleSmsSender
from bot.flow_services import build_flow_services
from bot.outbox import OutboxDispatcher
from bot.payment_events import PaymentNotifier, ReceiptAttachments
from bot.sms.responder import SmsDeps, add_sms_routes
from bot.sms.texts import SmsCatalog
from bot.web.payment_pages import PaymentWebDeps, add_payment_routes
from conversations.catalog import Catalog
from conversations.engine import Engine
from conversations.flows import registry
from domain.clock import Clock, system_clock
from domain.ports import Channel
from storage.database import Database

log = logging.getLogger(__name__)
SECRET_FILE = PROJECT_ROOT / "data" / "conversation.key"


@dataclass
class Services:
    settings: Settings
    clock: Clock
    database: Database
    catalog: Catalog
    engine: Engine
    pushers: ChannelPushers
    dispatcher: OutboxDispatcher
    payment_web: PaymentWebDeps
    sms: SmsDeps
    extra_routes: list = field(default_factory=list)


@asynccontextmanager
async def open_services(settings: Settings, *, clock: Clock = system_clock,
                        migrate: bool = True) -> AsyncIterator[Services]:
    async with AsyncExitStack() as stack:
        database = Database.open(settings.database.url)
        stack.push_async_callback(database.close)
        if migrate:
            await database.migrate()
        catalog = Catalog.load()
        pushers = ChannelPushers()
        wake_dispatcher = _LateCall()
        notifier = PaymentNotifier(settings.web.public_base_url, catalog, wake=wake_dispatcher)
        payment_web = PaymentWebDeps(uow_factory=database.uow, settings=settings,
                                     store_key=settings.secrets.cmi_store_key, clock=clock,
                                     on_settled=notifier)
        engine = Engine(database.conversations, registry(), catalog=catalog, clock=clock,
                        services=build_flow_services(settings, database, catalog, payment_web, clock),
                        secret_key=conversation_secret(settings),
                        inactivity=timedelta(minutes=settings.conversations.inactivity_minutes),
                        default_language=settings.conversations.default_language)
        dispatcher = _dispatcher(settings, database, engine, pushers, clock,
                                 attachments=ReceiptAttachments(payment_web.usecases()))
        wake_dispatcher.target = dispatcher.wake
        if hasattr(dispatcher.senders[Channel.SMS], "close"):
            stack.push_async_callback(dispatcher.senders[Channel.SMS].close)
        stack.push_async_callback(dispatcher.stop)
        sqlite_file = database.url.database if database.backend == "sqlite" else None
        sms = SmsDeps(uow_factory=database.uow, texts=SmsCatalog(catalog, settings.sms.short_number),
                      service_secret=settings.secrets.sms_service_secret, clock=clock,
                      serialize_transactions=sqlite_file is not None, sqlite_path=sqlite_file)
        yield Services(settings, clock, database, catalog, engine, pushers, dispatcher, payment_web, sms)


class _LateCall:
    """The payment hook wakes the outbox dispatcher, which is built after it (it needs the engine)."""

    target = None

    def __call__(self) -> None:
        if self.target is not None:
            self.target()


def _dispatcher(settings: Settings, database: Database, engine: Engine, pushers: ChannelPushers,
                clock: Clock, attachments: ReceiptAttachments) -> OutboxDispatcher:
    if settings.sms.transport == "kannel":
        from bot.sms.sendsms import KannelSmsSender

        sms = KannelSmsSender(settings.sms.sendsms_url, settings.sms.username,
                              settings.secrets.kannel_password, sender=settings.sms.short_number)
    else:
        sms = ConsoleSmsSender()
    if settings.smtp.transport == "smtp":
        from bot.mail import SmtpMailer

        mail = SmtpMailer.from_settings(settings.smtp, str(settings.secrets.smtp_password), clock=clock)
    else:
        mail = ConsoleMailSender()
    return OutboxDispatcher(database.uow, sms, mail, clock=clock,
                            claim_lock=lambda: database.conversations.lock("outbox:claim"),
                            chat=ChatEventSender(engine, pushers, clock), attachments=attachments)


def conversation_secret(settings: Settings, path: Path = SECRET_FILE) -> bytes:
    """The key of the HMACs kept in conversation state: from CONVERSATION_SECRET, else a key made
    once and kept beside the SQLite database, so a restart does not invalidate half-filled forms.
    Several processes on PostgreSQL must share CONVERSATION_SECRET."""
    if settings.secrets.conversation_secret:
        return str(settings.secrets.conversation_secret).encode()
    if path.exists():
        return path.read_bytes()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets_module.token_bytes(32)
    path.touch(mode=0o600)
    path.write_bytes(key)
    return key


def build_web_app(services: Services) -> web.Application:
    app = web.Application(client_max_size=1024 * 1024)
    add_payment_routes(app, services.payment_web)
    add_sms_routes(app, services.sms)
    for add_routes in services.extra_routes:
        add_routes(app)
    return app
