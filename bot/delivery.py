"""Getting messages to a conversation outside of a reply.

`ChannelPushers` routes a conversation key ("telegram:42", "console:agent") to the channel that
can reach it. `ChatEventSender` is the outbox's sender for CHAT messages: a system event queued by
a use case (a settled payment) is handed to the engine, and its replies pushed to the user.

Guarantee: a CHAT event is SHOWN at least once. It is marked sent only after its replies were
pushed; any failure before that (engine apology, push error, no channel) raises, so the outbox
keeps it and tries again with its back-off. A retry may show the same receipt twice; never zero times.
"""

import json
import logging

from bot.outbox import tries_before
from conversations.catalog import Catalog
from conversations.messages import ConversationHandler, Inbound, Outbound, OutboundKind, OutboundPusher
from domain.clock import Clock
from domain.ports import OutgoingMessage

log = logging.getLogger(__name__)
_APOLOGY_KEY = "engine.sorry"


class NoChannel(Exception):
    """No running channel can reach this conversation now; the outbox will try again later."""

    def __init__(self, channel: str) -> None:
        super().__init__(f"no running channel reaches {channel!r} conversations")
        self.channel = channel


class EventNotHandled(Exception):
    """The engine answered a CHAT event with its apology: the handler failed, nothing to show."""


class ChannelPushers:
    def __init__(self) -> None:
        self._by_channel: dict[str, OutboundPusher] = {}

    def register(self, channel: str, pusher: OutboundPusher) -> None:
        self._by_channel[channel] = pusher

    def unregister(self, channel: str) -> None:
        self._by_channel.pop(channel, None)

    def can_reach(self, key: str) -> bool:
        return key.split(":", 1)[0] in self._by_channel

    async def push(self, key: str, messages: list[Outbound]) -> None:
        pusher = self._by_channel.get(key.split(":", 1)[0])
        if pusher is None:
            raise NoChannel(key.split(":", 1)[0])
        if messages:
            await pusher.push(key, messages)


class ChatEventSender:
    """Delivers an outbox CHAT message (recipient = conversation key, kind = event name, body =
    JSON payload) to the engine and pushes the replies.

    The event goes to the engine WITHOUT a message id. With one, the engine records the id when
    it saves the state, before the push: a push that then fails would be retried as "already
    handled" and show nothing. Without it each try runs the handler again, and the payment
    handlers are made for that (the receipt is shown again; a late transition is ignored).
    """

    def __init__(self, engine: ConversationHandler, pushers: ChannelPushers, clock: Clock,
                 catalog: Catalog | None = None) -> None:
        self.engine = engine
        self.pushers = pushers
        self.clock = clock
        # The engine answers with its apology instead of raising; that answer means "not handled".
        catalog = catalog or getattr(engine, "catalog", None) or Catalog.load()
        self._apologies = frozenset(catalog.text(lang, _APOLOGY_KEY) for lang in catalog.languages)
        self._reported_unreachable: set[int] = set()

    async def deliver(self, message: OutgoingMessage) -> None:
        key = message.recipient
        if not self.pushers.can_reach(key):
            self._report_unreachable(message)
            raise NoChannel(key.split(":", 1)[0])
        payload = json.loads(message.body) if message.body else {}
        inbound = Inbound(key=key, at=self.clock(), event=message.kind, payload=_strings(payload))
        replies = await self.engine.handle(inbound)
        if self._is_apology(replies):
            # Not pushed: an apology out of the blue helps nobody. The outbox retries the event.
            raise EventNotHandled(f"the engine could not handle the event {message.kind}")
        await self.pushers.push(key, replies)

    def _is_apology(self, replies: list[Outbound]) -> bool:
        return any(r.kind is OutboundKind.TEXT and r.text in self._apologies for r in replies)

    def _report_unreachable(self, message: OutgoingMessage) -> None:
        """Said once per message (the dispatcher's back-off spaces the tries, up to 30 min)."""
        if message.id in self._reported_unreachable:
            return
        if len(self._reported_unreachable) > 10_000:
            self._reported_unreachable.clear()
        self._reported_unreachable.add(message.id)
        log.warning("chat event %s (outbox #%s, try %d): no channel of this process reaches %r conversations; "
                    "it stays queued and is retried with back-off until a process that runs that channel sends it",
                    message.kind, message.id, tries_before(message) + 1, message.recipient.split(":", 1)[0])


def _strings(payload: dict) -> dict[str, str]:
    return {str(k): v if isinstance(v, str) else json.dumps(v) for k, v in payload.items()}
