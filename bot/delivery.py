"""Getting messages to a conversation outside of a reply.

`ChannelPushers` routes a conversation key ("telegram:42", "console:agent") to the channel that
can reach it. `ChatEventSender` is the outbox's sender for CHAT messages: a system event queued by
a use case (a settled payment) is handed to the engine, and its replies pushed to the user.
"""

import json
import logging

from conversations.messages import ConversationHandler, Inbound, Outbound, OutboundPusher
from domain.clock import Clock
from domain.ports import OutgoingMessage

log = logging.getLogger(__name__)


class NoChannel(Exception):
    """No running channel can reach this conversation now; the outbox will try again later."""


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
    JSON payload) to the engine and pushes the replies. The inbound id is the outbox id, so a
    redelivery after a crash between the engine's answer and `mark_sent` is not handled twice."""

    def __init__(self, engine: ConversationHandler, pushers: ChannelPushers, clock: Clock) -> None:
        self.engine = engine
        self.pushers = pushers
        self.clock = clock

    async def deliver(self, message: OutgoingMessage) -> None:
        key = message.recipient
        if not self.pushers.can_reach(key):
            raise NoChannel(key.split(":", 1)[0])
        payload = json.loads(message.body) if message.body else {}
        inbound = Inbound(key=key, at=self.clock(), event=message.kind, payload=_strings(payload),
                          message_id=f"outbox:{message.id}")
        await self.pushers.push(key, await self.engine.handle(inbound))


def _strings(payload: dict) -> dict[str, str]:
    return {str(k): v if isinstance(v, str) else json.dumps(v) for k, v in payload.items()}
