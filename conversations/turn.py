"""One user input on a loaded conversation: commands, buttons, parsing, the step, the next state.

Order matters: the engine has already applied the card-number guard and the inactivity expiry.
Here global commands come first, then button presses (a stale one gets "expired" and the current
step), then the step's parser and its `then` function, then the transition table.
"""

from typing import TYPE_CHECKING

from conversations import commands
from conversations.choices import match_typed, read_choice, step_token
from conversations.flow import Answer, Invalid, Step
from conversations.messages import Inbound, Outbound, delete_user_message, text
from conversations.rendering import CANCEL_ID, command_choices, render, resolve
from conversations.state import MENU_FLOW, MENU_STATE, Conversation
from domain.errors import InvalidInput

if TYPE_CHECKING:
    from conversations.context import Ctx
    from conversations.engine import Engine

MAX_TEXT = 1000
STUCK_AFTER = 3


def _t(engine: "Engine", conv: Conversation, key: str, **values: object) -> str:
    return engine.catalog.text(conv.language, key, **values)


async def run_command(engine: "Engine", conv: Conversation, command: str) -> list[Outbound]:
    if command == commands.MENU:
        conv.enter_flow(MENU_FLOW, MENU_STATE)
        return await render(engine, conv)
    if command == commands.CANCEL:
        parent = engine.registry.parent_of(conv.flow)
        if parent is not None:  # "Retour": back to the menu this flow was opened from
            return await start_flow(engine, conv, parent)
        left_a_flow = conv.flow != MENU_FLOW
        conv.enter_flow(MENU_FLOW, MENU_STATE)
        notice = "engine.cancelled" if left_a_flow else "engine.nothing_to_cancel"
        return [text(_t(engine, conv, notice)), *await render(engine, conv)]
    if command == commands.LANG:
        return await start_flow(engine, conv, "language")
    if command == commands.HELP:
        return [text(_t(engine, conv, "help.text")), *await render(engine, conv)]
    return [text(_t(engine, conv, "engine.unknown_command")), *await render(engine, conv)]


async def start_flow(engine: "Engine", conv: Conversation, name: str, form=None) -> list[Outbound]:
    compiled = engine.registry.get(name)
    if compiled is None:
        conv.enter_flow(MENU_FLOW, MENU_STATE)
        return [text(_t(engine, conv, "menu.coming_soon")), *await render(engine, conv)]
    conv.enter_flow(name, compiled.flow.start, form)
    return await render(engine, conv)


async def handle_input(engine: "Engine", conv: Conversation, inbound: Inbound) -> list[Outbound]:
    step = engine.registry.get(conv.flow).steps[conv.state]
    if inbound.choice_id is not None:
        if inbound.choice_id in commands.COMMAND_CHOICE_IDS:
            return await run_command(engine, conv, commands.COMMAND_CHOICE_IDS[inbound.choice_id])
        token = step_token(conv.flow, conv.state, conv.entry)
        value = read_choice(inbound.choice_id, token, conv.offered)
        if value is None:
            return [text(_t(engine, conv, "engine.button_expired")), *await render(engine, conv)]
        if value in commands.COMMAND_CHOICE_IDS:  # "<token>|/cancel": the way back, never a step's value
            return await run_command(engine, conv, commands.COMMAND_CHOICE_IDS[value])
        return await answer_step(engine, conv, step, Answer(choice=value), inbound)
    command = commands.parse_command(inbound.text, secret=step.secret)
    if command is not None:
        return await run_command(engine, conv, command)
    typed = inbound.text or ""
    choice = match_typed(typed, conv.offered)
    if choice in commands.COMMAND_CHOICE_IDS:  # "Retour" typed, or its position; in a secret step, a secret
        if not step.secret:
            return await run_command(engine, conv, commands.COMMAND_CHOICE_IDS[choice])
        choice = None
    answer = Answer(text=typed, choice=choice, attachment=inbound.attachment)
    return await answer_step(engine, conv, step, answer, inbound)


def default_parse(ctx: "Ctx", answer: Answer, has_options: bool) -> str:
    if answer.choice is not None:
        return answer.choice
    if has_options:
        raise Invalid("engine.choose_option")
    value = (answer.text or "").strip()
    if not value:
        raise Invalid("engine.expected_text")
    if len(value) > MAX_TEXT:
        raise Invalid("engine.too_long", limit=MAX_TEXT)
    return value


async def answer_step(engine: "Engine", conv: Conversation, step: Step, answer: Answer,
                      inbound: Inbound) -> list[Outbound]:
    out = [delete_user_message(inbound.message_id)] if step.secret and inbound.message_id else []
    ctx = engine.context(conv, isolated=True)
    try:
        if step.parse is not None:
            value = await resolve(step.parse(ctx, answer))
        else:
            # The way-back button (rendering.CANCEL_ID) does not make a text step a choice step.
            value = default_parse(ctx, answer, any(entry[0] != CANCEL_ID for entry in conv.offered))
        event = await resolve(step.then(ctx, value)) if step.then else None
    except Invalid as problem:
        return out + await reprompt(engine, conv, _t(engine, conv, problem.key, **problem.values))
    except InvalidInput:
        return out + await reprompt(engine, conv, _t(engine, conv, "engine.not_understood"))
    conv.invalid_in_a_row = 0
    return out + await after_step(engine, conv, ctx, event)


async def reprompt(engine: "Engine", conv: Conversation, problem: str) -> list[Outbound]:
    """Say what is expected and ask again; after 3 misses in a row, offer help and the menu."""
    conv.invalid_in_a_row += 1
    out = [text(problem)]
    if conv.invalid_in_a_row >= STUCK_AFTER:
        conv.invalid_in_a_row = 0
        offer = command_choices(engine, conv, ("help", "engine.help_button"), ("menu", "engine.menu_button"))
        out.append(text(_t(engine, conv, "engine.stuck"), offer))
    return out + await render(engine, conv)


async def after_step(engine: "Engine", conv: Conversation, ctx: "Ctx", event: str | None) -> list[Outbound]:
    """Apply what the step decided: its messages, a flow switch or end, or the table's next state."""
    conv.form, conv.session, conv.language = ctx.form, ctx.session, ctx.language
    out = list(ctx.outbox)
    if ctx.next_flow is not None:
        return out + await start_flow(engine, conv, ctx.next_flow, ctx.next_form)
    if ctx.finished:
        conv.enter_flow(MENU_FLOW, MENU_STATE)
    elif event is not None:
        conv.enter_state(engine.registry.get(conv.flow).fire(conv.state, event))
    return out + await render(engine, conv)
