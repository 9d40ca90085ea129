"""What a step function sees: the form it fills, the session, texts, formatting, time, services.

Flows never see a channel: `key` is an opaque conversation address, only useful to hand to an
`OutboundPusher` later (e.g. to push a receipt after a payment callback).
"""

import hashlib
import hmac
from datetime import datetime
from typing import Any

from conversations.catalog import Catalog
from conversations.formatting import Formatter
from conversations.messages import Outbound
from conversations.messages import text as text_message


class Ctx:
    """The conversation as seen by one step, for one event.

    - `form`: this flow's data (JSON values only); dropped when the flow ends or expires.
    - `session`: data kept across flows (e.g. the logged-in account id); dropped on expiry.
    - `t(key, **values)`: a catalog text in the user's language; `fmt`: amounts and dates.
    - `say(...)`: messages shown before the next prompt (a document, a confirmation).
    - `start_flow(name)` / `finish()`: leave this flow once the step is over.
    - `remember_secret` / `secret_matches`: keep only an HMAC of a secret, never the secret.
    """

    def __init__(self, *, key: str, language: str, form: dict[str, Any], session: dict[str, Any],
                 now: datetime, catalog: Catalog, services: Any, secret_key: bytes, state: str,
                 flows: frozenset[str] = frozenset()) -> None:
        self.key = key
        self.language = language
        self.form = form
        self.session = session
        self.now = now
        self.services = services
        self.state = state
        self.flows = flows  # names of the registered flows (the menu hides nothing, it says "soon")
        self.fmt = Formatter(language)
        self.outbox: list[Outbound] = []
        self.next_flow: str | None = None
        self.next_form: dict[str, Any] | None = None
        self.finished = False
        self._catalog = catalog
        self._secret_key = secret_key

    def t(self, key: str, **values: object) -> str:
        return self._catalog.text(self.language, key, **values)

    def say(self, message: Outbound | str) -> None:
        self.outbox.append(text_message(message) if isinstance(message, str) else message)

    def start_flow(self, name: str, form: dict[str, Any] | None = None) -> None:
        self.next_flow, self.next_form = name, form

    def finish(self) -> None:
        self.finished = True

    def set_language(self, language: str) -> None:
        if language in self._catalog.languages:
            self.language = language
            self.fmt = Formatter(language)

    def logout(self) -> None:
        self.session.clear()

    def _digest(self, value: str) -> str:
        return hmac.new(self._secret_key, f"{self.key}\0{value}".encode(), hashlib.sha256).hexdigest()

    def remember_secret(self, name: str, value: str) -> None:
        self.form[f"secret:{name}"] = self._digest(value)

    def secret_matches(self, name: str, value: str) -> bool:
        stored = self.form.get(f"secret:{name}")
        return isinstance(stored, str) and hmac.compare_digest(stored, self._digest(value))
