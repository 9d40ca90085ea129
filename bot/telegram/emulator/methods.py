"""Bot API methods of the emulator (spec section 7). Each takes the World and the request's fields.

Fields arrive as strings (PTB json-dumps ints, bools, lists and dicts) or as uploaded files.
"""

import json
from collections.abc import Awaitable, Callable
from typing import Any

from .checks import check_keyboard, check_parse_mode, check_text
from .errors import bad_request
from .updates import Webhook
from .world import World

Method = Callable[[World, dict[str, Any]], Awaitable[Any]]
METHODS: dict[str, Method] = {}
DELETE_WINDOW_SECONDS = 48 * 3600


def method(name: str) -> Callable[[Method], Method]:
    def register(fn: Method) -> Method:
        METHODS[name.lower()] = fn
        return fn
    return register


def as_json(value: Any, default: Any = None) -> Any:
    if value is None or not isinstance(value, str):
        return default if value is None else value
    try:
        return json.loads(value)
    except ValueError:
        raise bad_request(f"can't parse JSON: {value[:40]!r}") from None


def as_bool(value: Any) -> bool:
    return str(value).lower() in {"true", "1"}


def inline_markup(fields: dict) -> dict | None:
    markup = as_json(fields.get("reply_markup"))
    if markup is not None and "inline_keyboard" not in markup:
        return None  # reply keyboards and ForceReply are accepted but not shown
    check_keyboard(markup)
    return markup


@method("getMe")
async def get_me(world: World, fields: dict) -> dict:
    return world.bot_user


@method("deleteWebhook")
async def delete_webhook(world: World, fields: dict) -> bool:
    await world.updates.set_webhook(None, as_bool(fields.get("drop_pending_updates")))
    return True


@method("setWebhook")
async def set_webhook(world: World, fields: dict) -> bool:
    url = fields.get("url") or ""
    if not url:
        await world.updates.set_webhook(None, as_bool(fields.get("drop_pending_updates")))
        return True
    secret = fields.get("secret_token")
    if secret is not None and not (1 <= len(secret) <= 256 and secret.replace("_", "").replace("-", "").isalnum()):
        raise bad_request("secret token contains unallowed characters")
    hook = Webhook(url, secret, as_json(fields.get("allowed_updates")))
    await world.updates.set_webhook(hook, as_bool(fields.get("drop_pending_updates")))
    return True


@method("getWebhookInfo")
async def get_webhook_info(world: World, fields: dict) -> dict:
    hook = world.updates.webhook
    return {"url": hook.url if hook else "", "has_custom_certificate": False,
            "pending_update_count": len(world.updates.pending)}


@method("getUpdates")
async def get_updates(world: World, fields: dict) -> list[dict]:
    offset = int(fields["offset"]) if fields.get("offset") not in (None, "") else None
    limit = max(1, min(100, int(fields.get("limit") or 100)))
    return await world.updates.get(offset, limit, float(fields.get("timeout") or 0))


@method("sendMessage")
async def send_message(world: World, fields: dict) -> dict:
    chat = world.chat(fields.get("chat_id"))
    text = fields.get("text")
    check_text(text)
    check_parse_mode(text, fields.get("parse_mode"))
    message = chat.new_message(True, world.now(), text=text, reply_markup=inline_markup(fields))
    await chat.record("sent", message)
    return world.as_json(message)


async def _edit(world: World, fields: dict, *, new_text: bool) -> dict:
    if fields.get("inline_message_id"):
        raise bad_request("inline messages are not emulated")
    chat = world.chat(fields.get("chat_id"))
    message = world.message(chat, fields.get("message_id"), "edit")
    if not message.from_bot:
        raise bad_request("message can't be edited")
    text = fields.get("text") if new_text else message.text
    if new_text:
        check_text(text)
        check_parse_mode(text, fields.get("parse_mode"))
    markup = inline_markup(fields)
    if text == message.text and markup == message.reply_markup:
        raise bad_request("message is not modified: specified new message content and reply markup "
                          "are exactly the same as a current content and reply markup of the message")
    message.text, message.reply_markup = text, markup
    await chat.record("edited", message)
    return world.as_json(message)


@method("editMessageText")
async def edit_message_text(world: World, fields: dict) -> dict:
    return await _edit(world, fields, new_text=True)


@method("editMessageReplyMarkup")
async def edit_message_reply_markup(world: World, fields: dict) -> dict:
    return await _edit(world, fields, new_text=False)


@method("answerCallbackQuery")
async def answer_callback_query(world: World, fields: dict) -> bool:
    query = world.callback_queries.get(fields.get("callback_query_id") or "")
    if query is None or query["answered"]:
        raise bad_request("query is too old and response timeout expired or query ID is invalid")
    text = fields.get("text")
    if text and len(text) > 200:
        raise bad_request("MESSAGE_TOO_LONG")
    query.update(answered=True, text=text, show_alert=as_bool(fields.get("show_alert")))
    return True


@method("deleteMessage")
async def delete_message(world: World, fields: dict) -> bool:
    chat = world.chat(fields.get("chat_id"))
    message = world.message(chat, fields.get("message_id"), "delete")
    if world.now() - message.date > DELETE_WINDOW_SECONDS:
        raise bad_request("message can't be deleted for everyone")
    message.deleted = True
    await chat.record("deleted", message)
    return True


@method("sendChatAction")
async def send_chat_action(world: World, fields: dict) -> bool:
    world.chat(fields.get("chat_id"))
    return True
