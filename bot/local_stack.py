"""`python -m bot run`: the whole bot in one process, one event loop.

With TELEGRAM_BOT_TOKEN it talks to Telegram (polling or webhook, as config.yaml says). Without
it, it starts local stand-ins so a newcomer can chat at once: the Bot API emulator with its chat
page, and the sandbox CMI gateway when `cmi.gateway_url` points at it. Ctrl-C stops everything in
reverse order; nothing in flight is lost (the outbox and the conversation state are in the DB).
"""

import asyncio
import logging
import secrets as secrets_module
import signal
from contextlib import AsyncExitStack
from dataclasses import replace
from datetime import timedelta
from urllib.parse import urlsplit

from aiohttp import web

from bot.app import Services, build_web_app, open_services
from bot.config import PROJECT_ROOT, Secret, Settings
from bot.telegram.channel import TelegramChannel
from bot.telegram.ports import JsonFileBlockedChats
from domain.clock import local_today, system_clock
from storage.seed import SeedRefused, demo_identities, format_identities, seed_database

log = logging.getLogger(__name__)
EMULATOR_TOKEN = "123456:LOCAL-EMULATOR-TOKEN"


def uses_local_sandbox(settings: Settings) -> bool:
    parts = urlsplit(settings.cmi.gateway_url)
    return parts.hostname in {settings.cmi.sandbox_host, "localhost"} and parts.port == settings.cmi.sandbox_port


def with_development_store_key(settings: Settings) -> Settings:
    """The sandbox and the bot must share a store key; on a laptop with none, make one per run."""
    if settings.secrets.cmi_store_key or not uses_local_sandbox(settings):
        return settings
    key = Secret(secrets_module.token_urlsafe(24))
    return replace(settings, secrets=replace(settings.secrets, cmi_store_key=key))


async def start_site(app: web.Application, host: str, port: int, stack: AsyncExitStack) -> None:
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    stack.push_async_callback(runner.cleanup)
    await web.TCPSite(runner, host, port).start()


async def ensure_demo_data(services: Services) -> bool:
    """Seed the demo base on the first run only; True when it was just created."""
    try:
        await seed_database(services.database, services.settings.database.demo_lines, progress=False)
    except SeedRefused:
        return False
    return True


async def start_telegram(services: Services, stack: AsyncExitStack,
                         web_app: web.Application) -> tuple[str | None, TelegramChannel]:
    """Start the Telegram channel; returns the chat page URL when the local emulator is used."""
    settings = services.settings
    token, chat_page = str(settings.secrets.telegram_bot_token), None
    overrides: dict = {}
    if not token:
        from bot.telegram.emulator import EmulatorServer

        emulator = EmulatorServer(EMULATOR_TOKEN, host=settings.telegram.emulator_host,
                                  port=settings.telegram.emulator_port)
        await emulator.start()
        stack.push_async_callback(emulator.stop)
        token, chat_page = EMULATOR_TOKEN, f"{emulator.root_url}/?user=1001&name=Amina&lang=fr"
        overrides = dict(token=token, base_url=emulator.root_url, mode="polling")
    blocked = JsonFileBlockedChats(PROJECT_ROOT / "data" / "telegram-blocked.json")
    channel = TelegramChannel.from_settings(settings, services.engine, clock=services.clock, blocked=blocked,
                                            **overrides)
    if channel.mode == "webhook":
        from bot.telegram.webhook import add_telegram_webhook_route

        add_telegram_webhook_route(web_app, channel, path=settings.telegram.webhook_path)
    services.pushers.register("telegram", channel)
    return chat_page, channel


def startup_problems(settings: Settings) -> list[str]:
    """What stops `run` before anything starts (config.py checks the file; this checks the whole)."""
    problems = []
    if not settings.secrets.cmi_store_key and not uses_local_sandbox(settings):
        problems.append(f"CMI_STORE_KEY: required to sign payments for {settings.cmi.gateway_url}")
    return problems


async def run_bot(settings: Settings) -> int:
    problems = startup_problems(settings)
    if problems:
        print("The bot cannot start:\n" + "\n".join(f"  - {problem}" for problem in problems), flush=True)
        return 2
    settings = with_development_store_key(settings)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    async with AsyncExitStack() as stack:
        services = await stack.enter_async_context(open_services(settings, clock=system_clock))
        seeded = await ensure_demo_data(services)
        web_app = build_web_app(services)
        chat_page, channel = await start_telegram(services, stack, web_app)
        await start_site(web_app, settings.web.host, settings.web.port, stack)
        if uses_local_sandbox(settings):
            from bot.cmi.sandbox import make_sandbox_app

            sandbox = make_sandbox_app(str(settings.secrets.cmi_store_key), clock=services.clock)
            await start_site(sandbox, settings.cmi.sandbox_host, settings.cmi.sandbox_port, stack)
        await channel.start()
        stack.push_async_callback(channel.stop)
        await services.dispatcher.start()
        janitor = asyncio.create_task(forget_old_inbound_ids(services), name="janitor")
        stack.callback(janitor.cancel)
        print_banner(services, chat_page, seeded)
        await stop.wait()
        print("\nStopping…", flush=True)
    return 0


async def forget_old_inbound_ids(services: Services, every_seconds: float = 3600) -> None:
    """Duplicate deliveries arrive within minutes; ids older than two days only fill the table."""
    while True:
        try:
            await services.database.conversations.forget_inbound_before(services.clock() - timedelta(days=2))
        except Exception:
            log.exception("could not prune remembered inbound message ids; trying again later")
        await asyncio.sleep(every_seconds)


def print_banner(services: Services, chat_page: str | None, seeded: bool) -> None:
    settings = services.settings
    lines = ["", "Maroc Telecom billing bot is running.",
             f"  database    {services.database!r}" + ("  (demo data just created)" if seeded else ""),
             f"  web server  {settings.web.public_base_url}  (payment pages, CMI callback, receipts, SMS)"]
    if uses_local_sandbox(settings):
        lines.append(f"  CMI         sandbox gateway at {settings.cmi.gateway_url}")
    if chat_page:
        lines += ["", f"  Chat with the bot in your browser:  {chat_page}",
                  "  (local Telegram emulator; set TELEGRAM_BOT_TOKEN to use the real Telegram)"]
    today = local_today(services.clock())
    lines += ["", "Demo identities:", format_identities(demo_identities(today, settings.database.demo_lines)),
              "", "Outgoing SMS and emails are printed here while sms/smtp transport is 'console'.",
              "Press Ctrl-C to stop."]
    print("\n".join(lines), flush=True)
