"""TelegramChannel: builds the PTB Application and runs it by long polling or behind our webhook.

PTB has no Updater (`updater(None)`) in either mode: an update is confirmed to Telegram only once it
has been handled, so a crash mid-turn loses nothing (Telegram delivers it again, and the engine
ignores an inbound id it has already handled, so a redelivery is harmless).
- webhook: the aiohttp route of `webhook.py` hands each update to `process()`, which runs it through
  PTB BEFORE the route answers 200 (Telegram resends an update it got no 2xx for);
- polling: `poller.py` moves the getUpdates offset past a batch only once the batch is handled.
A turn that takes longer than `turn_wait` seconds (e.g. a chat paused by a 429) is confirmed and
keeps running; only such slow turns can still be lost by a crash.
"""

import asyncio
import importlib.util
import logging
import sys
from collections.abc import AsyncIterator
from typing import Any

from aiohttp import web
from telegram import Update
from telegram.ext import Application, BaseRateLimiter, TypeHandler

from bot.config import Settings
from conversations.messages import ConversationHandler, Outbound
from domain.clock import Clock, system_clock

from .adapter import TelegramAdapter
from .aiohttp_request import AiohttpRequest
from .commands import register_commands
from .poller import Poller
from .ports import BlockedChats, FileIdCache, InMemoryBlockedChats, LruFileIdCache
from .ratelimit import ChatRateLimiter

log = logging.getLogger(__name__)


def remember_that_sniffio_is_missing() -> None:
    """httpcore (under PTB's httpx) runs `import sniffio` on every request; without sniffio installed
    each failed attempt searches the whole sys.path again (measured: ~15 % of the bot's CPU under
    load). A None entry in sys.modules makes that import fail at once, as documented for imports."""
    if "sniffio" not in sys.modules and importlib.util.find_spec("sniffio") is None:
        sys.modules["sniffio"] = None  # type: ignore[assignment]


remember_that_sniffio_is_missing()
ALLOWED_UPDATES = ["message", "callback_query"]
TURN_WAIT = 20.0  # seconds; Telegram gives a webhook about a minute before it counts a failure


def api_urls(base_url: str) -> tuple[str, str] | None:
    """'' -> PTB's defaults (api.telegram.org); 'http://host:port' -> that server's bot and file URLs."""
    if not base_url:
        return None
    root = base_url.rstrip("/").removesuffix("/bot")
    return f"{root}/bot", f"{root}/file/bot"


class TelegramChannel:
    def __init__(self, handler: ConversationHandler, *, token: str, mode: str = "polling",
                 base_url: str = "", webhook_url: str = "", webhook_secret: str = "",
                 clock: Clock = system_clock, blocked: BlockedChats | None = None,
                 files: FileIdCache | None = None, rate_limiter: BaseRateLimiter | None = None,
                 register_menu: bool = True, turn_wait: float = TURN_WAIT) -> None:
        if mode not in {"polling", "webhook"}:
            raise ValueError(f"mode must be polling or webhook, not {mode!r}")
        if mode == "webhook" and not (webhook_url and webhook_secret):
            raise ValueError("webhook mode needs webhook_url and webhook_secret")
        self.mode, self.webhook_url, self.webhook_secret = mode, webhook_url, webhook_secret
        self.register_menu, self.turn_wait = register_menu, turn_wait
        self._in_flight: set[asyncio.Task] = set()
        self.adapter = TelegramAdapter(handler, clock=clock, blocked=blocked or InMemoryBlockedChats(),
                                       files=files or LruFileIdCache())
        self.application = self._build(token, base_url, rate_limiter or ChatRateLimiter())
        self.adapter.bind(self.application.bot)
        self.poller = Poller(self.application.bot, self.application.process_update,
                             allowed_updates=ALLOWED_UPDATES, turn_wait=turn_wait)

    def _build(self, token: str, base_url: str, limiter: BaseRateLimiter) -> Application:
        builder = (Application.builder().token(token).rate_limiter(limiter).request(AiohttpRequest())
                   .get_updates_request(AiohttpRequest(connection_pool_size=2)))
        urls = api_urls(base_url)
        if urls is not None:
            builder = builder.base_url(urls[0]).base_file_url(urls[1])
        application = builder.updater(None).build()
        # Blocking: process_update returns once the turn is done, so the update can be confirmed.
        # Turns still run concurrently: each update (webhook request, polled update) is its own task.
        application.add_handler(TypeHandler(Update, self.adapter.on_update, block=True))
        application.add_error_handler(self.adapter.on_error, block=False)
        return application

    @classmethod
    def from_settings(cls, settings: Settings, handler: ConversationHandler, **overrides: Any) -> "TelegramChannel":
        """Token from TELEGRAM_BOT_TOKEN, base_url and mode from config.yaml's telegram section."""
        telegram = settings.telegram
        options = dict(token=str(settings.secrets.telegram_bot_token), mode=telegram.mode,
                       base_url=telegram.base_url, webhook_secret=str(settings.secrets.telegram_webhook_secret),
                       webhook_url=settings.web.public_base_url.rstrip("/") + telegram.webhook_path)
        return cls(handler, **{**options, **overrides})

    async def push(self, key: str, messages: list[Outbound]) -> None:
        await self.adapter.push(key, messages)

    async def start(self) -> None:
        # httpx logs every request URL at INFO, and Bot API URLs contain the token.
        logging.getLogger("httpx").setLevel(logging.WARNING)
        await self.application.initialize()
        if self.register_menu:
            await register_commands(self.application.bot)
        await self.application.start()
        if self.mode == "polling":
            await self.application.bot.delete_webhook()  # getUpdates is refused while one is set
            self.poller.start()
        else:
            await self.application.bot.set_webhook(self.webhook_url, secret_token=self.webhook_secret,
                                                   allowed_updates=ALLOWED_UPDATES)
        log.info("Telegram channel started (%s) as @%s", self.mode, self.application.bot.username)

    async def stop(self) -> None:
        # The webhook stays registered: Telegram keeps updates for us while we restart.
        if self._in_flight:  # webhook turns already answered 200: let them finish
            await asyncio.wait(set(self._in_flight), timeout=self.turn_wait)
        await self.poller.stop()
        if self.application.running:
            await self.application.stop()
        await self.application.shutdown()

    def parse(self, data: dict) -> Update | None:
        """A webhook body as a PTB Update; None when it is not an update PTB understands."""
        try:
            return Update.de_json(data, self.application.bot)
        except (KeyError, TypeError, ValueError):
            return None

    async def process(self, update: Update) -> bool:
        """Handle one webhook update now; True when done within `turn_wait` seconds. After that
        it keeps running in the background (tracked, awaited by stop()) and False is returned."""
        task = asyncio.create_task(self.application.process_update(update), name=f"webhook:{update.update_id}")
        self._in_flight.add(task)
        task.add_done_callback(self._in_flight.discard)
        done, _ = await asyncio.wait({task}, timeout=self.turn_wait)
        if not done:
            log.warning("update %s still running after %.0f s; answered so Telegram does not resend it",
                        update.update_id, self.turn_wait)
        return bool(done)

    async def lifecycle(self, app: web.Application) -> AsyncIterator[None]:
        """For `app.cleanup_ctx.append(channel.lifecycle)`: runs with the shared web server."""
        await self.start()
        yield
        await self.stop()
