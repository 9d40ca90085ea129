"""Runs the emulator's aiohttp server (port 0 picks a free one) and hands out the URLs PTB needs."""

from aiohttp import web

from bot.config import Settings
from domain.clock import Clock, system_clock

from .api import WORLD, add_api_routes
from .chatpage import add_chat_page_routes
from .checks import MAX_UPLOAD
from .users import SimUser
from .world import World


class EmulatorServer:
    def __init__(self, token: str, *, host: str = "127.0.0.1", port: int = 0, clock: Clock = system_clock) -> None:
        self.world = World(token, clock=clock)
        self.host, self.port = host, port
        self.app = web.Application(client_max_size=MAX_UPLOAD + 1024 * 1024)
        self.app[WORLD] = self.world
        add_api_routes(self.app)
        add_chat_page_routes(self.app)
        self._runner: web.AppRunner | None = None

    @classmethod
    def from_settings(cls, settings: Settings, token: str = "") -> "EmulatorServer":
        """On telegram.emulator_host/port, with the bot's token (or `token` when none is set)."""
        return cls(str(settings.secrets.telegram_bot_token) or token or "123456:EMULATOR-TOKEN",
                   host=settings.telegram.emulator_host, port=settings.telegram.emulator_port)

    @property
    def root_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def base_url(self) -> str:
        return f"{self.root_url}/bot"

    @property
    def base_file_url(self) -> str:
        return f"{self.root_url}/file/bot"

    def user(self, user_id: int, first_name: str = "", language_code: str = "fr") -> SimUser:
        return SimUser(self.world, user_id, first_name, language_code)

    async def start(self) -> "EmulatorServer":
        # Long polls (the bot's getUpdates, the chat page) may still be waiting: cut them at stop.
        self._runner = web.AppRunner(self.app, access_log=None, shutdown_timeout=0.5)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        self.port = self._runner.addresses[0][1]
        return self

    async def stop(self) -> None:
        await self.world.updates.close()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> "EmulatorServer":
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()
