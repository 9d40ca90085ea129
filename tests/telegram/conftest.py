"""Real PTB over HTTP against the local Bot API emulator, in polling or webhook mode.

`start_bot(handler, mode=...)` is a factory so that later tests can drive the real engine the same
way as the fake one: users are `emulator.user(id)`, which say, press and read replies.
"""

from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest
from aiohttp import web

from bot.telegram import TelegramChannel, add_telegram_webhook_route
from bot.telegram.emulator import EmulatorServer
from bot.telegram.ratelimit import ChatRateLimiter
from conversations.messages import ConversationHandler

from .fakes import FakeEngine

TOKEN = "123456:TEST-token"
WEBHOOK_SECRET = "webhook-s3cret"
StartBot = Callable[..., Awaitable[TelegramChannel]]


@pytest.fixture
async def emulator() -> AsyncIterator[EmulatorServer]:
    async with EmulatorServer(TOKEN) as server:
        yield server
        assert server.world.unknown_methods == [], "the bot called methods the emulator lacks"


@pytest.fixture
def engine() -> FakeEngine:
    return FakeEngine()


@pytest.fixture
async def start_bot(emulator: EmulatorServer) -> AsyncIterator[StartBot]:
    """Starts channels; stops them (and their web servers) before the emulator goes away."""
    running: list[TelegramChannel] = []
    runners: list[web.AppRunner] = []

    async def start(handler: ConversationHandler, *, mode: str = "polling", **options) -> TelegramChannel:
        options.setdefault("rate_limiter", ChatRateLimiter(per_chat_burst=5))
        if mode == "webhook":
            options.update(webhook_url="http://placeholder", webhook_secret=WEBHOOK_SECRET)
        channel = TelegramChannel(handler, token=TOKEN, mode=mode, base_url=emulator.root_url, **options)
        if mode == "webhook":
            app = web.Application()
            add_telegram_webhook_route(app, channel, path="/telegram/webhook")
            runner = web.AppRunner(app, access_log=None)
            await runner.setup()
            await web.TCPSite(runner, "127.0.0.1", 0).start()
            runners.append(runner)
            channel.webhook_url = f"http://127.0.0.1:{runner.addresses[0][1]}/telegram/webhook"
        await channel.start()
        running.append(channel)
        return channel

    yield start
    for channel in running:
        await channel.stop()
    for runner in runners:
        await runner.cleanup()
    assert emulator.world.unanswered_callback_queries() == [], "every button press must be answered"


@pytest.fixture
async def polling_bot(start_bot: StartBot, engine: FakeEngine) -> TelegramChannel:
    return await start_bot(engine)


@pytest.fixture(scope="session")
def demo_databases(tmp_path_factory: pytest.TempPathFactory):
    """Seeded SQLite templates (bot.scenarios.demo), copied once per test that runs the real stack."""
    from bot.scenarios.demo import DemoDatabases
    return DemoDatabases(tmp_path_factory.mktemp("telegram-demo"))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """pytest resets warning filters for each test; render.py's deliberate do_api_request calls
    (its filter is set at import, for production) would show PTB's 'Please use Bot.sendMessage'."""
    here = Path(__file__).parent
    mark = pytest.mark.filterwarnings(r"ignore:Please use 'Bot\.(sendMessage|editMessageText)'")
    for item in items:
        if here in item.path.parents:
            item.add_marker(mark)
