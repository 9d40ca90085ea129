"""A small chat page so a person can talk to the bot through the emulator in a browser.

The page long-polls the chat's state (the whole visible history; small) and posts what the person
types or presses; all of it runs through the same World as the tests' simulated users.
"""

import asyncio
import contextlib
from pathlib import Path

from aiohttp import web

from .api import WORLD
from .model import StoredMessage
from .world import World

PAGE = Path(__file__).with_name("static") / "chat.html"


def message_view(message: StoredMessage) -> dict:
    view: dict = {"id": message.message_id, "from_bot": message.from_bot,
                  "text": message.text or message.caption or "", "buttons": []}
    for row in (message.reply_markup or {}).get("inline_keyboard", []):
        view["buttons"].append([{"text": b["text"], "data": b.get("callback_data"), "url": b.get("url")}
                                for b in row])
    for kind in ("photo", "document"):
        stored = getattr(message, kind)
        if stored is not None:
            view[kind] = {"url": f"/__files/{stored.file_id}", "name": stored.filename}
    return view


def _chat(request: web.Request) -> tuple[World, int]:
    try:
        user_id = int(request.match_info["user"])
    except ValueError:
        raise web.HTTPBadRequest(text="user must be a number") from None
    world = request.app[WORLD]
    world.chat_for(user_id, request.query.get("name", ""), request.query.get("lang", "fr"))
    return world, user_id


async def state(request: web.Request) -> web.Response:
    world, user_id = _chat(request)
    chat = world.chats[user_id]
    seen = int(request.query.get("version", "-1"))
    async with chat.changed:
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(20):
                await chat.changed.wait_for(lambda: chat.version != seen)
    messages = [message_view(m) for m in chat.messages.values() if not m.deleted]
    return web.json_response({"version": chat.version, "messages": messages})


async def send(request: web.Request) -> web.Response:
    world, user_id = _chat(request)
    body = await request.json()
    if body.get("data"):
        await world.user_clicks(world.chats[user_id], int(body["message_id"]), str(body["data"]))
    elif str(body.get("text", "")).strip():
        await world.user_sends_text(world.chats[user_id], str(body["text"]))
    return web.json_response({"ok": True})


async def file(request: web.Request) -> web.Response:
    stored = request.app[WORLD].files.get(request.match_info["file_id"])
    if stored is None:
        raise web.HTTPNotFound()
    disposition = "inline" if stored.mime_type.startswith("image/") else "attachment"
    return web.Response(body=stored.content, content_type=stored.mime_type,
                        headers={"Content-Disposition": f'{disposition}; filename="{stored.filename}"'})


async def page(request: web.Request) -> web.FileResponse:
    return web.FileResponse(PAGE)


def add_chat_page_routes(app: web.Application) -> None:
    app.router.add_get("/", page)
    app.router.add_get("/__chat/{user}/state", state)
    app.router.add_post("/__chat/{user}/send", send)
    app.router.add_get("/__files/{file_id}", file)
