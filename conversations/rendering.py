"""Showing the current step: its prompt becomes an Outbound whose buttons carry the step token.

Every step offers a way back: a step whose prompt has no option of its own to leave it (values in
`WAY_BACK`) gets a last row with a "Retour" (the flow has a parent, see FlowRegistry.returns_to) or
"Annuler" (back to the main menu) button. It is the /cancel command, so it never expires, and
console/SMS users may type its label or position too. A step with nothing else to tap waits for
typed text: its prompt also says that /menu leads back to the main menu (the only command a
secret step still understands, bare words being possible passwords).
"""

import inspect
from typing import TYPE_CHECKING

from conversations.choices import step_token, to_choice
from conversations.flow import Option, Prompt, Step
from conversations.messages import Choice, Outbound
from conversations.state import MENU_FLOW, MENU_STATE, Conversation

if TYPE_CHECKING:
    from conversations.engine import Engine

# Option values flows use for their own way out of a step (back to a menu, cancel, refuse).
WAY_BACK = frozenset({"back", "cancel", "menu", "refuse"})
CANCEL_ID = "/cancel"
TYPED_HINT = "navigation.typed_hint"


async def resolve(value):
    return await value if inspect.isawaitable(value) else value


def _rows(options) -> list[list[Option]]:
    if not options:
        return []
    if isinstance(options[0], Option):
        return [[option] for option in options]
    return [list(row) for row in options]


def _with_keywords(rows: list[list[Option]], numbered: bool) -> list[list[Option]]:
    """Options without a keyword get their position ("1", "2"...) where only options are accepted."""
    if not numbered:
        return rows
    count, out = 0, []
    for row in rows:
        new_row = []
        for option in row:
            count += 1
            keyword = option.keyword or (None if option.url else str(count))
            new_row.append(Option(option.value, option.label, keyword, option.url))
        out.append(new_row)
    return out


async def prompt_of(engine: "Engine", conv: Conversation, step: Step) -> Prompt:
    if isinstance(step.prompt, str):
        return Prompt(engine.catalog.text(conv.language, step.prompt))
    return await resolve(step.prompt(engine.context(conv)))


async def render(engine: "Engine", conv: Conversation) -> list[Outbound]:
    """The current step's prompt; a final step also ends its flow and shows the main menu."""
    compiled = engine.registry.get(conv.flow)
    step = compiled.steps[conv.state]
    prompt = await prompt_of(engine, conv, step)
    rows = _with_keywords(_rows(prompt.options), numbered=step.parse is None)
    if step.final:
        links = tuple(tuple(to_choice("x", o) for o in row if o.url) for row in rows)
        message = Outbound(text=prompt.text, choices=tuple(r for r in links if r))
        conv.enter_flow(MENU_FLOW, MENU_STATE)
        return [message, *await render(engine, conv)]
    token = step_token(conv.flow, conv.state, conv.entry)
    flat = [o for row in rows for o in row if not o.url]
    # The position ("2") also selects an option where only options are accepted: SMS and console.
    conv.offered = [[o.value, o.keyword or "", o.label, str(n) if step.parse is None else ""]
                    for n, o in enumerate(flat, start=1)]
    choices = tuple(tuple(to_choice(token, o) for o in row) for row in rows)
    text, choices = _with_way_back(engine, conv, step, prompt.text, choices, flat)
    return [Outbound(text=text, choices=choices, secret_input=step.secret or prompt.secret)]


def _with_way_back(engine: "Engine", conv: Conversation, step: Step, text: str,
                   choices: tuple[tuple[Choice, ...], ...], flat: list[Option]):
    """The /cancel row where the step has no way out of its own; the /menu hint for typed text."""
    if conv.flow != MENU_FLOW and not any(o.value in WAY_BACK for o in flat):
        # Numbered like the options only where only options are accepted (a text step takes "1").
        numbered = step.parse is None and bool(flat)
        choices += ((_way_back(engine, conv, position=len(flat) + 1 if numbered else None),),)
    if not flat:  # nothing to tap but the way back: the step waits for typed text
        text = f"{text}\n\n{engine.catalog.text(conv.language, TYPED_HINT)}"
    return text, choices


def _way_back(engine: "Engine", conv: Conversation, position: int | None) -> Choice:
    """The /cancel button, offered (for typing its label or position) like the step's options."""
    key = "navigation.back" if engine.registry.parent_of(conv.flow) else "navigation.cancel"
    label = engine.catalog.text(conv.language, key)
    conv.offered.append([CANCEL_ID, CANCEL_ID, label, str(position) if position else ""])
    return Choice(id=CANCEL_ID, label=label, keyword=str(position) if position else CANCEL_ID)


def command_choices(engine: "Engine", conv: Conversation, *names: tuple[str, str]) -> tuple[Choice, ...]:
    """Buttons for global commands (they never expire): pairs of (command, text key)."""
    return tuple(Choice(id=f"/{name}", label=engine.catalog.text(conv.language, key), keyword=f"/{name}")
                 for name, key in names)
