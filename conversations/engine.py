"""The conversation engine: one per process, shared by every channel.

For each event: take the conversation's lock (across processes with PostgreSQL), drop an inbound id
already handled, load the state, apply the card-number guard and the inactivity expiry, let the flow
handle the input, save with a version check. Any unexpected error is logged (without the user's
text) and answered with an apology; the stored state is then left as it was.

De-duplication is atomic with the save: the inbound id is only READ before processing
(`seen_inbound`) and is recorded by `save(..., inbound_id=...)` in the same transaction as the new
state. So a crash or an error anywhere before that commit records nothing, and the channel's
redelivery (Telegram resends an unconfirmed update) is processed again: AT-LEAST-ONCE, chosen over
losing the user's message. In particular an event whose processing raises (answered with the
apology) is not marked seen, so its redelivery gets a fresh try. Once the save has committed, the
same id is ignored: a processed message delivered twice is handled once. What a step does outside
the store before the save (a payment call, an email) may thus run again on a redelivery; such steps
must be idempotent on their own. An event that changes nothing (a system event for an unknown
conversation) is recorded with `remember_inbound` alone, there being no state to save with it.
"""

import logging
import os
import traceback
from datetime import timedelta
from typing import Any

from conversations import commands
from conversations.catalog import Catalog
from conversations.context import Ctx
from conversations.guards import contains_card_number
from conversations.messages import Inbound, Outbound, delete_user_message, text
from conversations.registry import FlowRegistry
from conversations.rendering import render, resolve
from conversations.state import MENU_FLOW, MENU_STATE, Conversation
from conversations.turn import after_step, handle_input, run_command, start_flow
from domain.clock import Clock, system_clock
from domain.ports import ConversationStore

logger = logging.getLogger(__name__)
START_FLOW_EVENT = "start_flow"


class Engine:
    """`await engine.handle(inbound)` -> the replies (conversations.messages.ConversationHandler)."""

    def __init__(self, store: ConversationStore, registry: FlowRegistry, *, catalog: Catalog | None = None,
                 clock: Clock = system_clock, services: Any = None, secret_key: bytes | None = None,
                 inactivity: timedelta = timedelta(minutes=15), default_language: str = "fr") -> None:
        self.store = store
        self.registry = registry
        self.catalog = catalog or Catalog.load()
        self.clock = clock
        self.services = services
        # Pass a stable key in production: HMACs of secrets kept in a form must survive a restart.
        self.secret_key = secret_key or os.urandom(32)
        self.inactivity = inactivity
        self.default_language = default_language
        if MENU_FLOW not in registry:
            raise ValueError("the registry has no main menu flow; build it with conversations.flows.registry()")

    def context(self, conv: Conversation, isolated: bool = False) -> Ctx:
        """The step's view of the conversation. Prompts share the form (a prompt may note what it
        showed); an answer is read on copies, so a rejected answer leaves no trace in the form."""
        form, session = (dict(conv.form), dict(conv.session)) if isolated else (conv.form, conv.session)
        return Ctx(key=conv.key, language=conv.language, form=form, session=session,
                   now=conv.now, catalog=self.catalog, services=self.services, secret_key=self.secret_key,
                   state=conv.state, flows=frozenset(self.registry.names))

    async def handle(self, inbound: Inbound) -> list[Outbound]:
        language = self.default_language
        try:
            async with self.store.lock(inbound.key):
                inbound_id = inbound.message_id or None
                if inbound_id and await self.store.seen_inbound(inbound.key, inbound_id):
                    return []
                conv = await self._load(inbound)
                language = conv.language
                replies = await self._process(conv, inbound)
                if conv.is_new and not replies:
                    # A system event for an unknown conversation creates nothing: no state to save.
                    if inbound_id:
                        await self.store.remember_inbound(inbound.key, inbound_id, inbound.at)
                    return replies
                await self.store.save(conv.to_stored(conv.now), expected_version=conv.version,
                                      inbound_id=inbound_id, at=inbound.at)
                return replies
        except Exception as exc:
            _log_failure(inbound, exc)
            return [text(self.catalog.text(language, "engine.sorry"))]

    async def _load(self, inbound: Inbound) -> Conversation:
        stored = await self.store.load(inbound.key)
        if stored is None:
            hint = inbound.language_hint
            language = hint if hint in self.catalog.languages else self.default_language
            conv = Conversation(key=inbound.key, language=language)
        else:
            conv = Conversation.from_stored(stored)
        conv.now = self.clock()
        return conv

    async def _process(self, conv: Conversation, inbound: Inbound) -> list[Outbound]:
        if inbound.event:
            return await self._system_event(conv, inbound)
        if contains_card_number(inbound.text):
            warning = text(self.catalog.text(conv.language, "engine.card_number"))
            return [delete_user_message(inbound.message_id), warning, *await self._current(conv)]
        if conv.is_new:
            return await self._first_contact(conv, inbound)
        if self._expired(conv):
            conv.forget_activity()
            return [text(self.catalog.text(conv.language, "engine.expired")), *await render(self, conv)]
        if not self._known_position(conv):
            conv.enter_flow(MENU_FLOW, MENU_STATE)
            return [text(self.catalog.text(conv.language, "engine.restarted")), *await render(self, conv)]
        return await handle_input(self, conv, inbound)

    async def _first_contact(self, conv: Conversation, inbound: Inbound) -> list[Outbound]:
        command = commands.parse_command(inbound.text, secret=False)
        if command in (commands.HELP, commands.LANG):
            return await run_command(self, conv, command)
        return [text(self.catalog.text(conv.language, "engine.welcome")), *await render(self, conv)]

    async def _current(self, conv: Conversation) -> list[Outbound]:
        if conv.is_new or not self._known_position(conv):
            conv.enter_flow(MENU_FLOW, MENU_STATE)
        return await render(self, conv)

    def _expired(self, conv: Conversation) -> bool:
        idle = conv.updated_at is not None and conv.now - conv.updated_at > self.inactivity
        return idle and (conv.flow != MENU_FLOW or bool(conv.session) or bool(conv.form))

    def _known_position(self, conv: Conversation) -> bool:
        compiled = self.registry.get(conv.flow)
        return compiled is not None and conv.state in compiled.steps

    async def _system_event(self, conv: Conversation, inbound: Inbound) -> list[Outbound]:
        """Route Inbound.event to the current flow's handler, else to a registry-wide one.

        The built-in event "start_flow" (payload {"flow": name}) opens a flow directly: deep links,
        an SMS keyword, tests.
        """
        if inbound.event == START_FLOW_EVENT:
            return await start_flow(self, conv, inbound.payload.get("flow", ""))
        if not self._known_position(conv):
            conv.enter_flow(MENU_FLOW, MENU_STATE)
        compiled = self.registry.get(conv.flow)
        handler = compiled.flow.events.get(inbound.event) or self.registry.fallback_events.get(inbound.event)
        if handler is None or conv.is_new:
            logger.info("system event %s ignored: nobody handles it here", inbound.event)
            return []
        ctx = self.context(conv)
        event = await resolve(handler(ctx, dict(inbound.payload)))
        if event is not None and not compiled.can_fire(conv.state, event):
            # A late event (the user already moved on) must not break the conversation.
            logger.warning("system event %s: %s not allowed in %s.%s", inbound.event, event, conv.flow, conv.state)
            event = None
        if event is None and not ctx.outbox and ctx.next_flow is None and not ctx.finished:
            return []
        return await after_step(self, conv, ctx, event)


def _log_failure(inbound: Inbound, exc: Exception) -> None:
    """The traceback without the exception's message: a message may quote what the user typed."""
    stack = "".join(traceback.format_tb(exc.__traceback__))
    logger.error("event for a %s conversation failed: %s\n%s", inbound.channel, type(exc).__name__, stack)
