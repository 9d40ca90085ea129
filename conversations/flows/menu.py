"""The main menu: one step whose options open the other flows by name."""

from conversations.context import Ctx
from conversations.flow import Flow, Option, Prompt, Step
from conversations.registry import MAIN_MENU
from conversations.state import MENU_FLOW, MENU_STATE


def menu_prompt(ctx: Ctx) -> Prompt:
    options = [Option(entry.flow, ctx.t(entry.label_key), entry.keyword) for entry in MAIN_MENU]
    return Prompt(ctx.t("menu.prompt"), options)


def open_entry(ctx: Ctx, flow_name: str) -> None:
    # A flow nobody has registered yet is announced, not hidden: the menu matches the guides.
    if flow_name in ctx.flows:
        ctx.start_flow(flow_name)
    else:
        ctx.say(ctx.t("menu.coming_soon"))


FLOW = Flow(name=MENU_FLOW, title="Main menu", steps=[Step(MENU_STATE, prompt=menu_prompt, then=open_entry)],
            opens=tuple(entry.flow for entry in MAIN_MENU))
