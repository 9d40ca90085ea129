"""Real local HTTP servers for tests (aiohttp on 127.0.0.1, port chosen by the OS)."""

from contextlib import asynccontextmanager

from aiohttp import web

from bot.net import free_port


@asynccontextmanager
async def serving(app: web.Application, port: int | None = None):
    """Run `app` on a real socket and yield its base URL."""
    runner = web.AppRunner(app)
    await runner.setup()
    port = port or free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        await runner.cleanup()


class MerchantStandIn:
    """Plays the merchant's callback endpoint and ok/fail pages; records what arrived."""

    def __init__(self, answer: str = "ACTION=POSTAUTH") -> None:
        self.answer = answer
        self.callbacks: list[dict[str, str]] = []
        self.returns: list[tuple[str, dict[str, str]]] = []

    def app(self) -> web.Application:
        app = web.Application()
        app.add_routes([web.post("/callback", self._callback), web.post("/ok", self._return),
                        web.post("/fail", self._return)])
        return app

    async def _callback(self, request: web.Request) -> web.Response:
        self.callbacks.append(dict(await request.post()))
        return web.Response(text=self.answer)

    async def _return(self, request: web.Request) -> web.Response:
        self.returns.append((request.path, dict(await request.post())))
        return web.Response(text=f"back on {request.path}")
