"""The Telegram webhook on the shared aiohttp server (the same one as the payment and agent pages).

The update is processed before the 200 (see TelegramChannel.process): a bot that dies meanwhile
never answers, and Telegram delivers the update again.
"""

import hmac
import logging

from aiohttp import web

from .channel import TelegramChannel

log = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


def add_telegram_webhook_route(app: web.Application, channel: TelegramChannel, *,
                               path: str = "/telegram/webhook", secret: str | None = None) -> None:
    """POST `path`: accept an update only with the secret Telegram was given in setWebhook."""
    expected = (secret if secret is not None else channel.webhook_secret).encode()
    if not expected:
        raise ValueError("a webhook needs a secret token (TELEGRAM_WEBHOOK_SECRET)")

    async def receive(request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, expected):
            log.warning("webhook call without the right secret from %s", request.remote)
            return web.Response(status=403, text="wrong or missing secret token")
        try:
            data = await request.json()
        except ValueError:
            return web.Response(status=400, text="not JSON")
        update = channel.parse(data) if isinstance(data, dict) else None
        if update is None:
            return web.Response(status=400, text="not a Telegram update")
        await channel.process(update)
        return web.Response(status=200)

    app.router.add_post(path, receive)
