"""Which flows exist, and the main menu that opens them.

Flows are registered by name; the menu lists entries by flow name, so an entry whose flow nobody
has registered yet (registration, login, payment while they are being written) answers
"coming soon" instead of failing.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from conversations.flow import CompiledFlow, EventFn, Flow


@dataclass(frozen=True, slots=True)
class MenuEntry:
    flow: str
    label_key: str
    keyword: str


# The main menu, in the order of the two guides.
MAIN_MENU = (
    MenuEntry("registration", "menu.register", "1"),
    MenuEntry("login", "menu.login", "2"),
    MenuEntry("payment", "menu.pay", "3"),
    MenuEntry("fidelio", "menu.fidelio", "4"),
    MenuEntry("help", "menu.help", "5"),
    MenuEntry("language", "menu.language", "6"),
)
# While an e-facture session is open, its first two entries become the account and leaving it
# (same positions, so "1" and "2" keep their place for console users). "logout" is no flow: the
# menu step itself closes the session.
LOGGED_IN_MENU = (
    MenuEntry("account_menu", "efacture.login_my_account", "1"),
    MenuEntry("logout", "efacture.logout_button", "2"),
    *MAIN_MENU[2:],
)


class FlowRegistry:
    """Every flow compiled once; plus handlers for system events no current flow claims."""

    def __init__(self, flows: Iterable[Flow] = (), menu: tuple[MenuEntry, ...] = MAIN_MENU) -> None:
        self._flows: dict[str, CompiledFlow] = {}
        self.menu = menu
        self.fallback_events: dict[str, EventFn] = {}
        # "Retour"/"Annuler" (/cancel) in a flow listed here opens its parent instead of the main menu.
        self.returns_to: dict[str, str] = {}
        for flow in flows:
            self.register(flow)

    def register(self, flow: Flow) -> None:
        if flow.name in self._flows:
            raise ValueError(f"flow {flow.name!r} is registered twice")
        self._flows[flow.name] = CompiledFlow(flow)

    def on_event(self, event: str, handler: EventFn) -> None:
        """Handle `event` when the conversation's current flow does not (e.g. it was cancelled)."""
        self.fallback_events[event] = handler

    def return_to(self, flow: str, parent: str) -> None:
        """Leaving `flow` with /cancel (or its "Retour" button) goes back to `parent`."""
        self.returns_to[flow] = parent

    def parent_of(self, flow: str) -> str | None:
        parent = self.returns_to.get(flow)
        return parent if parent in self._flows and parent != flow else None

    def get(self, name: str) -> CompiledFlow | None:
        return self._flows.get(name)

    def __contains__(self, name: str) -> bool:
        return name in self._flows

    @property
    def names(self) -> list[str]:
        return list(self._flows)

    def __iter__(self):
        return iter(self._flows.values())
