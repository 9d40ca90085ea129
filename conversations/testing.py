"""Talk to the engine in tests and scenarios: say text, tap a button by its label, read replies.

Used by tests/conversations, by other flows' tests and by `python -m bot replay`. State always
round-trips through the store, so anything unserialisable in a form fails here first.
"""

import itertools
import uuid
from datetime import datetime, timedelta

from conversations.messages import Choice, Inbound, Outbound, OutboundKind

_INVISIBLE = dict.fromkeys(map(ord, "\u2066\u2067\u2068\u2069\u200e\u200f"), None)


def loose(text: str) -> str:
    """Text as a person types it: any case, plain spaces (the bot uses no-break spaces before DH),
    no invisible direction marks (Arabic texts isolate numbers)."""
    plain = text.translate(_INVISIBLE).replace("\u202f", " ").replace("\u00a0", " ")
    return " ".join(plain.split()).casefold()


class MovableClock:
    """A clock tests move by hand; always aware UTC."""

    def __init__(self, at: datetime) -> None:
        if at.tzinfo is None:
            raise ValueError("clock times must be timezone-aware")
        self.at = at

    def __call__(self) -> datetime:
        return self.at

    def advance(self, **delta: float) -> None:
        self.at += timedelta(**delta)


class ChoiceNotOffered(LookupError):
    pass


class ChatDriver:
    def __init__(self, engine, key: str = "test:1", clock=None, language_hint: str | None = None) -> None:
        self.engine = engine
        self.key = key
        self.clock = clock or engine.clock
        self.language_hint = language_hint
        self.replies: list[Outbound] = []
        self._ids = itertools.count(1)
        self._run = uuid.uuid4().hex[:8]  # two drivers on one store never repeat an id

    def _inbound(self, **fields) -> Inbound:
        return Inbound(key=self.key, at=self.clock(), message_id=f"{self._run}-{next(self._ids)}",
                       language_hint=self.language_hint, **fields)

    async def send(self, inbound: Inbound) -> list[Outbound]:
        self.replies = await self.engine.handle(inbound)
        return self.replies

    async def say(self, text: str, **fields) -> list[Outbound]:
        return await self.send(self._inbound(text=text, **fields))

    async def press(self, choice_id: str) -> list[Outbound]:
        return await self.send(self._inbound(choice_id=choice_id))

    async def tap(self, label: str) -> list[Outbound]:
        """Press the button whose label, keyword or id is `label` in the last replies."""
        return await self.press(self.find_choice(label).id)

    async def event(self, name: str, payload: dict[str, str] | None = None) -> list[Outbound]:
        return await self.send(Inbound(key=self.key, at=self.clock(), event=name, payload=payload or {}))

    def find_choice(self, label: str) -> Choice:
        wanted = loose(label)
        for choice in reversed(self.choices):
            if wanted in (loose(choice.label), loose(choice.keyword or ""), choice.id.casefold()):
                return choice
        offered = ", ".join(c.label for c in self.choices) or "none"
        raise ChoiceNotOffered(f"no button {label!r} (offered: {offered})")

    @property
    def choices(self) -> list[Choice]:
        return [c for reply in self.replies for c in reply.all_choices]

    @property
    def texts(self) -> list[str]:
        return [r.text or r.caption or "" for r in self.replies if r.kind is not OutboundKind.DELETE_USER_MESSAGE]

    @property
    def text(self) -> str:
        return "\n".join(self.texts)

    @property
    def labels(self) -> list[str]:
        return [c.label for c in self.choices]
