"""The main menu: one step whose options open the other flows by name.

While an e-facture session is open, "Créer un compte" and "Se connecter" give way to "Mon compte
(login)" and "Se déconnecter" (registry.LOGGED_IN_MENU), at the same positions."""

from conversations.context import Ctx
from conversations.flow import Flow, Option, Prompt, Step
from conversations.flows.efacture.common import logged_in, session_login
from conversations.registry import LOGGED_IN_MENU, MAIN_MENU, MenuEntry
from conversations.state import MENU_FLOW, MENU_STATE

LOGOUT = "logout"


def entries(ctx: Ctx) -> tuple[MenuEntry, ...]:
    return LOGGED_IN_MENU if logged_in(ctx) else MAIN_MENU


def menu_prompt(ctx: Ctx) -> Prompt:
    login = session_login(ctx)
    options = [Option(entry.flow, ctx.t(entry.label_key, login=login), entry.keyword) for entry in entries(ctx)]
    return Prompt(ctx.t("menu.prompt"), options)


def open_entry(ctx: Ctx, flow_name: str) -> None:
    if flow_name == LOGOUT:
        if logged_in(ctx):
            ctx.logout()
            ctx.say(ctx.t("efacture.logged_out"))
        return
    # A flow nobody has registered yet is announced, not hidden: the menu matches the guides.
    if flow_name in ctx.flows:
        ctx.start_flow(flow_name)
    else:
        ctx.say(ctx.t("menu.coming_soon"))


FLOW = Flow(name=MENU_FLOW, title="Main menu", steps=[Step(MENU_STATE, prompt=menu_prompt, then=open_entry)],
            opens=tuple(dict.fromkeys(entry.flow for entry in (*MAIN_MENU, *LOGGED_IN_MENU) if entry.flow != LOGOUT)))
