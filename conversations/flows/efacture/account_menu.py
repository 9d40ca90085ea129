"""The logged-in menu: Consulter mes factures · Payer mes factures · Modifier mon profil · Se
déconnecter · Menu principal. Every e-facture flow that needs an account comes back here (their
"Retour" too: RETURNS_TO in the flows' modules)."""

from conversations.context import Ctx
from conversations.flow import Flow, Invalid, Option, Prompt, Step
from conversations.flows.efacture.common import (
    current_account,
    log_out,
    logged_in,
    logout_option,
    main_menu_option,
    require_login,
    services,
    session_login,
)

PAYMENT_FLOW = "payment_from_efacture"


def ask(ctx: Ctx) -> Prompt:
    if logged_in(ctx) is None:  # opened directly (a deep link, an old button): log in first
        return Prompt(ctx.t("efacture.login_required"), [Option("login", ctx.t("efacture.login_button")),
                                                          main_menu_option(ctx)])
    options = [Option("invoices", ctx.t("efacture.menu_invoices")), Option("pay", ctx.t("efacture.menu_pay")),
               Option("profile", ctx.t("efacture.menu_profile")), logout_option(ctx), main_menu_option(ctx)]
    return Prompt(ctx.t("efacture.menu_prompt", login=session_login(ctx)), options)


async def pay(ctx: Ctx) -> None:
    account = await current_account(ctx)
    if account is None:
        ctx.start_flow("login")
        return
    async with services(ctx).uow() as uow:
        unpaid = await uow.invoices.unpaid_for_lines(account.line_ids)
    numbers = [invoice.number for invoice in unpaid if invoice.line_id in account.line_ids]
    if not numbers:
        ctx.say(ctx.t("efacture.pay_nothing"))
    elif PAYMENT_FLOW in ctx.flows:
        ctx.start_flow(PAYMENT_FLOW, {"invoice_numbers": numbers})
    else:
        ctx.say(ctx.t("efacture.pay_coming_soon", count=len(numbers)))


ENTRIES = ("invoices", "pay", "profile", "logout", "login", "menu")


async def open_entry(ctx: Ctx, choice: str) -> None:
    if choice not in ENTRIES:
        raise Invalid("engine.choose_option")
    if choice == "logout":
        log_out(ctx)
    elif choice == "menu":  # the session stays open: the main menu then offers "Mon compte"
        ctx.finish()
    elif choice == "login":
        ctx.start_flow("login")
    elif require_login(ctx) is None:
        return
    elif choice == "pay":
        await pay(ctx)
    else:
        ctx.start_flow(choice)


FLOW = Flow(name="account_menu", title="Mon compte e-facture", steps=[Step("main", prompt=ask, then=open_entry)])
