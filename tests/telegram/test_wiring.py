"""How the lead wires the channel: from settings, and inside the shared aiohttp app's lifecycle."""


from aiohttp import web

from bot.config import load_settings
from bot.net import free_port
from bot.telegram import TelegramChannel, add_telegram_webhook_route
from bot.telegram.emulator import EmulatorServer

from .conftest import TOKEN, WEBHOOK_SECRET
from .fakes import FakeEngine

# A bot talking to the local emulator is a test bot: console mail/SMS sinks are fine here.
TEST_BOT = {"IAM_ALLOW_CONSOLE_SINKS": "1"}


async def test_a_channel_built_from_settings_polls_the_configured_api(
        emulator: EmulatorServer, engine: FakeEngine) -> None:
    settings = load_settings(environ={"TELEGRAM_BOT_TOKEN": TOKEN, "IAM_TELEGRAM__BASE_URL": emulator.root_url,
                                      **TEST_BOT})
    channel = TelegramChannel.from_settings(settings, engine)
    await channel.start()
    try:
        user = emulator.user(501)
        await user.says("depuis la config")
        assert (await user.next_reply()).text == "echo: depuis la config"
    finally:
        await channel.stop()


async def test_the_webhook_channel_starts_and_stops_with_the_shared_web_app(
        emulator: EmulatorServer, engine: FakeEngine) -> None:
    port = free_port()
    settings = load_settings(environ={
        **TEST_BOT, "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_WEBHOOK_SECRET": WEBHOOK_SECRET,
        "IAM_TELEGRAM__BASE_URL": emulator.root_url, "IAM_TELEGRAM__MODE": "webhook",
        "IAM_WEB__PUBLIC_BASE_URL": f"http://127.0.0.1:{port}"})
    channel = TelegramChannel.from_settings(settings, engine)
    app = web.Application()
    add_telegram_webhook_route(app, channel, path=settings.telegram.webhook_path)
    app.cleanup_ctx.append(channel.lifecycle)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    try:
        await web.TCPSite(runner, "127.0.0.1", port).start()
        assert emulator.world.updates.webhook.url == f"http://127.0.0.1:{port}/telegram/webhook"
        user = emulator.user(502)
        await user.says("via le webhook")
        assert (await user.next_reply()).text == "echo: via le webhook"
    finally:
        await runner.cleanup()
    assert not channel.application.running
