"""The flows of the bot, one module each, found automatically.

A module here that defines `FLOW` (a conversations.flow.Flow) or `FLOWS` (a list of them) is
registered by `registry()`; nothing else needs editing. `registry()` is what the engine, the
diagrams and the property-based tests use, so a new flow is covered by all three at once.
"""

import importlib
import pkgutil

from conversations.flow import Flow
from conversations.registry import FlowRegistry


def discover() -> list[Flow]:
    flows: list[Flow] = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        if hasattr(module, "FLOW"):
            flows.append(module.FLOW)
        flows.extend(getattr(module, "FLOWS", ()))
    return flows


def registry(extra: list[Flow] | None = None) -> FlowRegistry:
    """Every discovered flow plus `extra` (flows built at run time, e.g. with services bound)."""
    return FlowRegistry([*discover(), *(extra or [])])
