"""Neutral Outbound -> Bot API calls: texts with inline keyboards, documents, photos, deletions."""

import functools
import json
import logging
import warnings
from dataclasses import dataclass, field

from telegram import Bot, InputFile
from telegram.constants import MessageLimit
from telegram.error import BadRequest
from telegram.warnings import PTBUserWarning

from conversations.messages import Choice, Outbound, OutboundKind

from .inbound import user_message_id
from .ports import FileIdCache

log = logging.getLogger(__name__)
# Our texts and edits go through do_api_request on purpose (see Renderer._call); PTB warns that a
# typed method exists for these two endpoints.
warnings.filterwarnings("ignore", message=r"Please use 'Bot\.(sendMessage|editMessageText)'",
                        category=PTBUserWarning)


def keyboard(outbound: Outbound) -> dict[str, str]:
    """The inline keyboard as Bot API `api_kwargs` ({} for none): `reply_markup` JSON, as Telegram
    takes it. The same screens come back all the time (menus, the keypad), so each is serialised
    once; building PTB's InlineKeyboardMarkup and its to_dict per message cost more than the rest
    of rendering."""
    return {"reply_markup": keyboard_json(outbound.choices)} if outbound.choices else {}


@functools.lru_cache(maxsize=2048)
def keyboard_json(rows: tuple[tuple[Choice, ...], ...]) -> str:
    return json.dumps({"inline_keyboard": [[{"text": choice.label, "url": choice.url} if choice.url
                                            else {"text": choice.label, "callback_data": choice.id}
                                            for choice in row] for row in rows]}, ensure_ascii=False)


def split_text(body: str, limit: int = MessageLimit.MAX_TEXT_LENGTH) -> list[str]:
    """Cut a long text at line ends so each part fits in one Telegram message."""
    parts: list[str] = []
    while len(body) > limit:
        cut = body.rfind("\n", 0, limit)
        cut = cut if cut > 0 else limit
        parts.append(body[:cut])
        body = body[cut:].lstrip("\n")
    return parts + [body or "…"]


def caption_of(outbound: Outbound) -> str | None:
    return (outbound.caption or "")[:MessageLimit.CAPTION_LENGTH] or None


@dataclass
class Delivered:
    """What happened while rendering: whether the last prompt asked for a secret, what got deleted."""

    secret_prompt: bool = False
    deleted: set[int] = field(default_factory=set)


class Renderer:
    def __init__(self, bot: Bot, files: FileIdCache) -> None:
        self.bot = bot
        self.files = files

    async def deliver(self, chat_id: int, messages: list[Outbound], *, pressed_message_id: int | None = None,
                      already_deleted: frozenset[int] = frozenset()) -> Delivered:
        """Send in order. A reply to a pressed button edits that message first, so the chat keeps one
        live keyboard instead of a trail of stale ones."""
        done = Delivered(deleted=set(already_deleted))
        for index, outbound in enumerate(messages):
            editable = pressed_message_id if index == 0 else None
            if outbound.kind == OutboundKind.TEXT:
                await self._text(chat_id, outbound, editable)
                done.secret_prompt = outbound.secret_input
                continue
            if editable is not None:
                await self._drop_keyboard(chat_id, editable)
            if outbound.kind == OutboundKind.DOCUMENT:
                await self._document(chat_id, outbound)
            elif outbound.kind == OutboundKind.IMAGE:
                await self.bot.send_photo(chat_id, photo=outbound.content, filename=outbound.filename,
                                          caption=caption_of(outbound))
            elif outbound.kind == OutboundKind.DELETE_USER_MESSAGE:
                await self._delete(chat_id, user_message_id(outbound.reply_to_message_id), done.deleted)
        return done

    async def _text(self, chat_id: int, outbound: Outbound, editable: int | None) -> None:
        parts = split_text(outbound.text)
        markup = keyboard(outbound)
        if editable is not None and len(parts) == 1 and await self._edit(chat_id, editable, parts[0], markup):
            return
        for number, part in enumerate(parts, start=1):
            await self._call("sendMessage", chat_id=chat_id, text=part, **(markup if number == len(parts) else {}))

    async def _edit(self, chat_id: int, message_id: int, body: str, markup: dict[str, str]) -> bool:
        try:
            await self._call("editMessageText", chat_id=chat_id, message_id=message_id, text=body, **markup)
        except BadRequest as error:
            if "not modified" in error.message:
                return True  # the same screen again: nothing to change
            log.info("could not edit message %s (%s); sending a new one", message_id, error.message)
            return False
        return True

    async def _call(self, endpoint: str, **fields: object) -> None:
        """A text or an edit, whose answer we do not read: bot.send_message would turn each answer
        into a PTB Message (about 250 µs with a keypad, as much as the rest of the turn's rendering).
        Same path otherwise: our rate limiter, retries and PTB's errors (BadRequest, Forbidden...)."""
        await self.bot.do_api_request(endpoint, api_kwargs=fields)

    async def _drop_keyboard(self, chat_id: int, message_id: int) -> None:
        try:
            await self.bot.edit_message_reply_markup(chat_id=chat_id, message_id=message_id, reply_markup=None)
        except BadRequest as error:
            log.info("could not remove keyboard of %s (%s)", message_id, error.message)

    async def _document(self, chat_id: int, outbound: Outbound) -> None:
        key, caption = outbound.cache_key, caption_of(outbound)
        file_id = await self.files.get(key) if key else None
        if file_id is not None:
            try:
                await self.bot.send_document(chat_id, document=file_id, caption=caption)
                return
            except BadRequest as error:  # Telegram forgot the file: upload it again
                log.info("cached file id refused (%s); uploading again", error.message)
                await self.files.forget(key)
        upload = InputFile(outbound.content or b"", filename=outbound.filename or "document.pdf")
        sent = await self.bot.send_document(chat_id, document=upload, caption=caption)
        if key and sent.document is not None:
            await self.files.put(key, sent.document.file_id)

    async def _delete(self, chat_id: int, message_id: int | None, deleted: set[int]) -> None:
        if message_id is None or message_id in deleted:
            return
        deleted.add(message_id)
        try:
            await self.bot.delete_message(chat_id, message_id)
        except BadRequest as error:  # already gone or too old: nothing more we can do
            log.info("could not delete message %s (%s)", message_id, error.message)
