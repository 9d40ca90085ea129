"""Our payment pages and the sandbox gateway, both on real local sockets, for end-to-end tests."""

from contextlib import asynccontextmanager
from dataclasses import dataclass

import aiohttp
from aiohttp import web

from bot.cmi.sandbox import make_sandbox_app
from bot.config import CmiSettings, Settings, WebSettings
from bot.web.payment_pages import PaymentWebDeps, add_payment_routes
from domain.clock import Clock, system_clock
from tests.cmi.servers import free_port, serving
from tests.payments.fakes import RecordingEvents

STORE_KEY = "Store|Key\\2026é"


@dataclass
class Site:
    deps: PaymentWebDeps
    events: RecordingEvents
    base_url: str
    gateway_url: str
    http: aiohttp.ClientSession


@asynccontextmanager
async def payment_site(uow_factory, clock: Clock = system_clock, callback_repeats: int = 1):
    """Yield a Site: our pages (deps built as the composition root would) plus the sandbox gateway."""
    merchant_port, gateway_port = free_port(), free_port()
    gateway_url = f"http://127.0.0.1:{gateway_port}/fim/est3Dgate"
    settings = Settings(web=WebSettings(public_base_url=f"http://127.0.0.1:{merchant_port}"),
                        cmi=CmiSettings(gateway_url=gateway_url))
    events = RecordingEvents()
    deps = PaymentWebDeps(uow_factory, settings, STORE_KEY, clock, events)
    app = web.Application()
    add_payment_routes(app, deps)
    sandbox = make_sandbox_app(STORE_KEY, callback_repeats=callback_repeats)
    async with serving(app, merchant_port) as base_url, serving(sandbox, gateway_port):
        async with aiohttp.ClientSession() as http:
            yield Site(deps, events, base_url, gateway_url, http)
