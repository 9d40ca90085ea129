"""The real bot as bot/local_stack.py composes it, on real sockets, for journeys through Telegram.

`open_stack(...)` = `open_services(settings)` on a seeded SQLite copy + `build_web_app` on a free port
(+ the webhook route in webhook mode) + the sandbox CMI gateway on a free port + a TelegramChannel
talking to the emulator + the outbox dispatcher. The one difference with production: the channel's
engine draws its captchas through `RecordingCaptchas` (the scenarios' helper), so a test can read
the answer that is otherwise only in the picture. It is built from the same pieces as
`services.engine` (same store, flow services, key and settings), because open_services takes no
captcha factory yet (requested change in the report).
"""

import dataclasses
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass

from aiohttp import web

from bot.app import Services, build_web_app, open_services
from bot.cmi.sandbox import make_sandbox_app
from bot.config import Settings, load_settings
from bot.net import free_port
from bot.telegram import TelegramChannel, add_telegram_webhook_route
from bot.telegram.emulator import EmulatorServer
from bot.telegram.ratelimit import ChatRateLimiter
from conversations.engine import Engine
from conversations.flows.efacture.scenario_support import RecordingCaptchas, with_recording_captchas

TOKEN = "123456:TEST-token"
WEBHOOK_SECRET = "webhook-s3cret"
STORE_KEY = "Telegram|Journeys\\Key"


@dataclass(frozen=True)
class Ports:
    web: int
    gateway: int

    @classmethod
    def free(cls) -> "Ports":
        return cls(free_port(), free_port())


def stack_settings(database_url: str, emulator: EmulatorServer, mode: str, ports: Ports,
                   smtp_port: int | None = None) -> Settings:
    environ = {
        "IAM_ALLOW_CONSOLE_SINKS": "1",  # a bot on the local emulator is a test bot
        "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_WEBHOOK_SECRET": WEBHOOK_SECRET,
        "CMI_STORE_KEY": STORE_KEY, "CONVERSATION_SECRET": "telegram-journeys-conversation-key",
        "DATABASE_URL": database_url,
        "IAM_WEB__PORT": str(ports.web), "IAM_WEB__PUBLIC_BASE_URL": f"http://127.0.0.1:{ports.web}",
        "IAM_CMI__SANDBOX_PORT": str(ports.gateway),
        "IAM_CMI__GATEWAY_URL": f"http://127.0.0.1:{ports.gateway}/fim/est3Dgate",
        "IAM_TELEGRAM__BASE_URL": emulator.root_url, "IAM_TELEGRAM__MODE": mode,
    }
    if smtp_port is not None:
        environ |= {"IAM_SMTP__TRANSPORT": "smtp", "IAM_SMTP__PORT": str(smtp_port)}
    return load_settings(environ=environ)


@dataclass
class Stack:
    services: Services
    channel: TelegramChannel
    captchas: RecordingCaptchas

    @property
    def web_url(self) -> str:
        return self.services.settings.web.public_base_url


def recording_engine(services: Services) -> tuple[Engine, RecordingCaptchas]:
    """services.engine's twin whose captchas remember their answer (see the module docstring)."""
    engine = services.engine
    flow_services, captchas = with_recording_captchas(engine.services)
    twin = Engine(engine.store, engine.registry, catalog=engine.catalog, clock=engine.clock,
                  services=flow_services, secret_key=engine.secret_key, inactivity=engine.inactivity,
                  default_language=engine.default_language)
    return twin, captchas


async def _serve(app: web.Application, port: int, stack: AsyncExitStack) -> None:
    runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
    await runner.setup()
    stack.push_async_callback(runner.cleanup)
    await web.TCPSite(runner, "127.0.0.1", port).start()


def relaxed_limiter() -> ChatRateLimiter:
    """A journey sends dozens of messages to one chat; at Telegram's 1/s per chat a test would take
    minutes. Journeys run with this limiter and the emulator's flood checks off (`fast_world`); the
    production limiter is tested in test_rate_limiter.py and by the 429 journey."""
    return ChatRateLimiter(overall_per_second=10_000, per_chat_per_second=1_000, per_chat_burst=1_000)


def fast_world(emulator: EmulatorServer) -> EmulatorServer:
    emulator.world.limits.enforce_rate = False
    return emulator


@asynccontextmanager
async def open_stack(settings: Settings, *, limiter: ChatRateLimiter | None = None,
                     **channel_options) -> AsyncIterator[Stack]:
    """Everything local_stack.run_bot starts, in the same order; stopped in reverse order."""
    async with AsyncExitStack() as stack:
        services = await stack.enter_async_context(open_services(settings))
        engine, captchas = recording_engine(services)
        web_app = build_web_app(services)
        channel = TelegramChannel.from_settings(settings, engine, clock=services.clock,
                                                rate_limiter=limiter or relaxed_limiter(),
                                                **channel_options)
        if channel.mode == "webhook":
            add_telegram_webhook_route(web_app, channel, path=settings.telegram.webhook_path)
        services.pushers.register("telegram", channel)
        await _serve(web_app, settings.web.port, stack)
        await _serve(make_sandbox_app(STORE_KEY, clock=services.clock), settings.cmi.sandbox_port, stack)
        await channel.start()
        stack.push_async_callback(channel.stop)
        await services.dispatcher.start()
        yield Stack(services, channel, captchas)


def with_mode(settings: Settings, mode: str) -> Settings:
    return dataclasses.replace(settings, telegram=dataclasses.replace(settings.telegram, mode=mode))
