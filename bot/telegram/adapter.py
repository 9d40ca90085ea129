"""The single PTB handler: every update becomes an Inbound for the engine, whose replies are rendered.

No PTB ConversationHandler: the engine owns conversation state. Updates run concurrently
(`block=False`); one chat's updates and pushes are serialised here so its replies keep their order.
"""

import asyncio
import contextlib
import logging

from telegram import Bot, CallbackQuery, Update
from telegram.error import BadRequest, Forbidden, TelegramError
from telegram.ext import ContextTypes

from conversations.messages import ConversationHandler, Outbound
from domain.clock import Clock

from .chatlocks import ChatLocks
from .inbound import chat_id_of, to_inbound
from .ports import BlockedChats, FileIdCache
from .render import Renderer
from .texts import language_of, text

log = logging.getLogger(__name__)


class TelegramAdapter:
    def __init__(self, handler: ConversationHandler, *, clock: Clock, blocked: BlockedChats,
                 files: FileIdCache) -> None:
        self.handler, self.clock, self.blocked, self.files = handler, clock, blocked, files
        self.locks = ChatLocks()
        self._secret_expected: set[int] = set()  # chats whose next message is a password or code
        self._renderer: Renderer | None = None

    def bind(self, bot: Bot) -> None:
        self._renderer = Renderer(bot, self.files)

    async def on_update(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        if not isinstance(update, Update):
            return
        # Answer at once so the button stops spinning, but queue for the chat's lock first (no await
        # before it), so one chat's updates reach the engine in the order Telegram sent them.
        answering = (asyncio.create_task(self._answer(update.callback_query))
                     if update.callback_query is not None else None)
        inbound = to_inbound(update, self.clock())
        if inbound is None:
            if answering is not None:
                await answering
            return
        chat_id = update.effective_chat.id
        async with self.locks.hold(chat_id):
            if answering is not None:
                await answering
            if await self.blocked.is_blocked(chat_id):
                await self.blocked.unblock(chat_id)  # they wrote again, so they unblocked us
            deleted = await self._hide_secret(update, chat_id)
            replies = await self.handler.handle(inbound)
            query = update.callback_query
            pressed = query.message.message_id if query is not None and query.message is not None else None
            await self._deliver(chat_id, replies, pressed, deleted)

    async def push(self, key: str, messages: list[Outbound]) -> None:
        """OutboundPusher: messages outside a reply (e.g. a receipt after payment)."""
        chat_id = chat_id_of(key)
        if await self.blocked.is_blocked(chat_id):
            log.info("not pushing to chat %s: it blocked the bot", chat_id)
            return
        async with self.locks.hold(chat_id):
            await self._deliver(chat_id, messages, None, frozenset())

    async def _deliver(self, chat_id: int, messages: list[Outbound], pressed: int | None,
                       deleted: frozenset[int]) -> None:
        assert self._renderer is not None, "bind(bot) before delivering"
        try:
            done = await self._renderer.deliver(chat_id, messages, pressed_message_id=pressed,
                                                already_deleted=deleted)
        except Forbidden:
            # Blocked (or deactivated): stop here, and send nothing more until they write again.
            log.info("chat %s blocked the bot; marked", chat_id)
            await self.blocked.mark_blocked(chat_id)
            return
        if done.secret_prompt:
            self._secret_expected.add(chat_id)

    async def _hide_secret(self, update: Update, chat_id: int) -> frozenset[int]:
        """Delete a password or code from the chat as soon as it arrives, before the engine reads it."""
        if chat_id not in self._secret_expected:
            return frozenset()
        self._secret_expected.discard(chat_id)
        message = update.message
        if message is None or message.text is None:
            return frozenset()
        with contextlib.suppress(BadRequest):
            await message.delete()
        return frozenset({message.message_id})

    async def _answer(self, query: CallbackQuery) -> None:
        try:
            await query.answer()
        except TelegramError as error:
            log.info("callback query not answered (%s)", type(error).__name__)

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Last resort: log with the traceback (never the texts, which may be secrets) and apologise."""
        chat = update.effective_chat if isinstance(update, Update) else None
        update_id = update.update_id if isinstance(update, Update) else None
        log.error("Telegram update %s in chat %s failed", update_id, chat.id if chat else None,
                  exc_info=context.error)
        if chat is None or isinstance(context.error, Forbidden):
            return
        user = update.effective_user
        with contextlib.suppress(TelegramError):
            await context.bot.send_message(chat.id, text("telegram.apology", language_of(
                user.language_code if user else None)))
