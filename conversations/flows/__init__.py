"""The flows of the bot, one module each, found automatically.

A module here (or in a sub-package) that defines `FLOW` (a conversations.flow.Flow) or `FLOWS` (a list of them) is
registered by `registry()`; nothing else needs editing. `registry()` is what the engine, the
diagrams and the property-based tests use, so a new flow is covered by all three at once.
"""

import importlib
import pkgutil

from conversations.flow import Flow
from conversations.registry import FlowRegistry


def _modules():
    for info in sorted(pkgutil.walk_packages(__path__, prefix=f"{__name__}."), key=lambda m: m.name):
        if not any(part.startswith("_") for part in info.name.split(".")):
            yield importlib.import_module(info.name)


def discover() -> list[Flow]:
    """Every Flow named FLOW or listed in FLOWS in any module of this package, sub-packages included."""
    flows: list[Flow] = []
    for module in _modules():
        found = [module.FLOW] if hasattr(module, "FLOW") else []
        for flow in [*found, *getattr(module, "FLOWS", ())]:
            if not any(flow is known for known in flows):  # a package may re-export its modules' flows
                flows.append(flow)
    return flows


def registry(extra: list[Flow] | None = None) -> FlowRegistry:
    """Every discovered flow plus `extra` (flows built at run time, e.g. with services bound), and
    the handlers a module lists in FALLBACK_EVENTS ({event: handler}) for events no current flow takes,
    and the parents a module lists in RETURNS_TO ({flow: parent flow}) for "Retour" / /cancel."""
    flows = FlowRegistry([*discover(), *(extra or [])])
    for module in _modules():
        for event, handler in getattr(module, "FALLBACK_EVENTS", {}).items():
            flows.on_event(event, handler)
        for flow, parent in getattr(module, "RETURNS_TO", {}).items():
            flows.return_to(flow, parent)
    return flows
