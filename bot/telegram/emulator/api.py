"""HTTP face of the Bot API: POST (or GET) /bot<token>/<method>, and file downloads."""

import asyncio
import hmac
import json
import logging
from typing import Any

from aiohttp import web

from . import commands as _commands  # noqa: F401  (registers the command methods)
from . import files as _files  # noqa: F401  (registers the file methods)
from .errors import ApiError
from .methods import METHODS
from .model import Call
from .world import World

log = logging.getLogger(__name__)
WORLD: web.AppKey[World] = web.AppKey("world", World)


async def read_fields(request: web.Request) -> dict[str, Any]:
    fields: dict[str, Any] = dict(request.query)
    if request.content_type == "application/json":
        body = await request.json()
        fields.update({k: v if isinstance(v, str) else json.dumps(v) for k, v in body.items()})
    elif request.method == "POST" and request.can_read_body:
        fields.update(await request.post())
    return fields


def summary(fields: dict[str, Any]) -> dict[str, Any]:
    """Fields as logged: files become their name, type and size (tests assert upload vs file_id)."""
    return {key: ({"filename": value.filename, "content_type": value.content_type, "upload": True}
                  if isinstance(value, web.FileField) else value) for key, value in fields.items()}


def chat_id_of(fields: dict[str, Any]) -> int | None:
    try:
        return int(fields["chat_id"])
    except (KeyError, TypeError, ValueError):
        return None


async def call_method(request: web.Request) -> web.Response:
    world = request.app[WORLD]
    if not hmac.compare_digest(request.match_info["token"].encode(), world.token.encode()):
        return web.json_response(ApiError(401, "Unauthorized").envelope(), status=401)
    name = request.match_info["method"].lower()
    fields = await read_fields(request)
    call = Call(name, summary(fields))
    world.calls.append(call)
    try:
        if world.limits.latency:
            await asyncio.sleep(world.limits.latency)
        implementation = METHODS.get(name)
        if implementation is None:
            world.unknown_methods.append(request.match_info["method"])
            log.error("emulator: unknown Bot API method %s", request.match_info["method"])
            raise ApiError(404, "Not Found")
        world.limits.check(name, chat_id_of(fields))
        result = await implementation(world, fields)
    except ApiError as error:
        call.status = error.status
        return web.json_response(error.envelope(), status=error.status)
    for listener in world.listeners:
        listener(call)
    return web.json_response({"ok": True, "result": result})


async def download(request: web.Request) -> web.Response:
    world = request.app[WORLD]
    if not hmac.compare_digest(request.match_info["token"].encode(), world.token.encode()):
        raise web.HTTPUnauthorized()
    stored = world.files.get(request.match_info["path"].rsplit("/", 1)[-1])
    if stored is None:
        raise web.HTTPNotFound()
    return web.Response(body=stored.content, content_type=stored.mime_type)


def add_api_routes(app: web.Application) -> None:
    app.router.add_route("*", "/bot{token}/{method}", call_method)
    app.router.add_get("/file/bot{token}/{path:.+}", download)
