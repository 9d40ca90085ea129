"""The working copy of one conversation while an event is handled, and its stored form.

Stored `data` layout (JSON only): {"form": this flow's data, "session": data across flows,
"n": step-entry counter (choice tokens), "opts": [[value, keyword, label], ...] offered by the
current prompt, "bad": invalid answers in a row}.
"""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from domain.ports import StoredConversation

MENU_FLOW, MENU_STATE = "menu", "main"


@dataclass
class Conversation:
    key: str
    language: str
    flow: str = MENU_FLOW
    state: str = MENU_STATE
    form: dict[str, Any] = field(default_factory=dict)
    session: dict[str, Any] = field(default_factory=dict)
    entry: int = 0
    offered: list[list[str]] = field(default_factory=list)
    invalid_in_a_row: int = 0
    version: int = 0
    updated_at: datetime | None = None
    now: datetime | None = None  # the time of the event being handled (not stored)

    @property
    def is_new(self) -> bool:
        return self.version == 0

    @classmethod
    def from_stored(cls, stored: StoredConversation) -> "Conversation":
        data = stored.data or {}
        return cls(key=stored.key, language=stored.language, flow=stored.flow, state=stored.state,
                   form=dict(data.get("form") or {}), session=dict(data.get("session") or {}),
                   entry=int(data.get("n") or 0), offered=list(data.get("opts") or []),
                   invalid_in_a_row=int(data.get("bad") or 0), version=stored.version,
                   updated_at=stored.updated_at)

    def to_stored(self, now: datetime) -> StoredConversation:
        data = {"form": self.form, "session": self.session, "n": self.entry, "opts": self.offered,
                "bad": self.invalid_in_a_row}
        return StoredConversation(key=self.key, flow=self.flow, state=self.state, data=data,
                                  version=self.version + 1, updated_at=now, language=self.language)

    def enter_flow(self, flow: str, state: str, form: dict[str, Any] | None = None) -> None:
        self.flow, self.form = flow, dict(form or {})
        self.enter_state(state)

    def enter_state(self, state: str) -> None:
        self.state = state
        self.entry += 1
        self.invalid_in_a_row = 0
        self.offered = []

    def forget_activity(self) -> None:
        """Inactivity: the half-filled form and the logged-in session go."""
        self.form, self.session = {}, {}
        self.enter_flow(MENU_FLOW, MENU_STATE)
