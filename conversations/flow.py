"""How a flow is declared: states as data, a transition table, and small step functions.

A `Flow` lists its `Step`s (one per state: the prompt, how to read the reply, and what to do
with it) and its transitions `(event, source, dest)`. A step's `then` function calls the domain and
returns the name of an event (past tense: "service_chosen"); the table, not the function, says
which state comes next. The `transitions` Machine of each flow is built once, at start-up.
See conversations/README.md for a complete example.
"""

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Union

from transitions import Machine

from conversations.messages import Attachment

if TYPE_CHECKING:
    from conversations.context import Ctx

ANY = "*"


@dataclass(frozen=True, slots=True)
class Option:
    """A button of a prompt. `value` is what the step receives; it ends up in the choice id, so
    keep it short (the whole id must fit in 64 bytes). `keyword` is what SMS/console users type."""

    value: str
    label: str
    keyword: str | None = None
    url: str | None = None  # a link button (e.g. the payment page); the engine never receives it


@dataclass(frozen=True, slots=True)
class Prompt:
    """What a step shows: its question, its buttons, and whether the answer is secret."""

    text: str
    options: Sequence[Option] | Sequence[Sequence[Option]] = ()
    secret: bool = False


@dataclass(frozen=True, slots=True)
class Answer:
    """The user's reply as the parser sees it: a pressed option's value, or typed text."""

    text: str | None = None
    choice: str | None = None
    attachment: Attachment | None = None


class Invalid(Exception):  # noqa: N818 - reads as `raise Invalid("key")` in parsers
    """Raised by a parser: the reply is not what the step expects. `key` names the catalog text
    that explains what is expected; `values` fill its placeholders."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values


PromptFn = Callable[["Ctx"], Prompt | Awaitable[Prompt]]
ParseFn = Callable[["Ctx", Answer], Any]
ThenFn = Callable[["Ctx", Any], str | None | Awaitable[str | None]]
EventFn = Callable[["Ctx", dict[str, str]], str | None | Awaitable[str | None]]


@dataclass(frozen=True)
class Step:
    """One state. `prompt` is a catalog key or a function returning a `Prompt`.

    `parse(ctx, answer)` turns the reply into a value or raises `Invalid`; without it, a step with
    options expects one of them and a step without options expects non-empty text. `then(ctx,
    value)` acts on the value and returns an event name (or None to stay and ask again). A `final`
    step shows its prompt and ends the flow. `secret` marks password/code inputs.
    """

    name: str
    prompt: Union[str, PromptFn]
    parse: ParseFn | None = None
    then: ThenFn | None = None
    final: bool = False
    secret: bool = False


@dataclass(frozen=True)
class Flow:
    """A named conversation: steps, transitions `(event, source(s), dest)`, system event handlers.

    `opens` names the flows its steps may hand over to (documentation for the diagram).
    `events` maps a system event name (e.g. "payment_settled") to `handler(ctx, payload)`, called
    when a channel or the web server hands the engine an `Inbound` with that `event`.
    """

    name: str
    steps: Sequence[Step]
    transitions: Sequence[tuple[str, str | Sequence[str], str]] = ()
    initial: str | None = None
    events: dict[str, EventFn] = field(default_factory=dict)
    title: str = ""
    opens: tuple[str, ...] = ()  # flows a step may start with ctx.start_flow (shown in the diagram)

    @property
    def start(self) -> str:
        return self.initial or self.steps[0].name

    def step(self, name: str) -> Step | None:
        return self._steps_by_name().get(name)

    def _steps_by_name(self) -> dict[str, Step]:
        return {step.name: step for step in self.steps}

    def machine_kwargs(self) -> dict[str, Any]:
        """The arguments for a `transitions` Machine (also used for the diagrams)."""
        return dict(
            states=[step.name for step in self.steps],
            transitions=[
                {"trigger": event, "source": list(src) if not isinstance(src, str) else src, "dest": dest}
                for event, src, dest in self.transitions
            ],
            initial=self.start,
            auto_transitions=False,
            send_event=False,
        )


class _Position:
    """The model the shared machine moves: only its `state` attribute is used."""

    __slots__ = ("state",)

    def __init__(self, state: str) -> None:
        self.state = state


class CompiledFlow:
    """A flow with its Machine built once. `fire` moves a state along the table without
    registering a model: the Event itself is triggered on a throwaway position object, which
    is the lighter equivalent of add_model/remove_model (no per-model trigger methods)."""

    def __init__(self, flow: Flow) -> None:
        self.flow = flow
        self.name = flow.name
        self.steps = flow._steps_by_name()
        self.machine = Machine(model=None, **flow.machine_kwargs())

    def can_fire(self, state: str, event: str) -> bool:
        known = self.machine.events.get(event)
        return known is not None and state in known.transitions

    def fire(self, state: str, event: str) -> str:
        """The state after `event` in `state`; raises KeyError/MachineError for a bad event."""
        position = _Position(state)
        self.machine.events[event].trigger(position)
        return position.state
