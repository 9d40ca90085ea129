"""Payer from e-facture: the account menu's "Payer" opens this flow with {"invoice_numbers": [...]};
the logged-in account (ctx.session, see conversations.flows.efacture.common) gives the lines and the
email on file, so the user goes straight to the selection. The conditions are asked once per session
(when "Payer" is pressed), the email only if the account has none; the confirmation by SMS once,
when the selected invoices are one Mobile line's (sms_choice.py)."""

from conversations.context import Ctx
from conversations.flow import Flow, Prompt, Step
from conversations.flows.payment import consent, selection, sms_choice
from conversations.flows.payment.common import flow_table, keep_payer, services
from conversations.flows.payment.events import EVENTS

EFACTURE_SESSION = "efacture"  # conversations.flows.efacture.common.SESSION
RETURNS_TO = {"payment_from_efacture": "account_menu"}  # "Retour" goes back to Mon compte


def account_id(ctx: Ctx) -> int | None:
    session = ctx.session.get(EFACTURE_SESSION)
    account = session.get("account") if isinstance(session, dict) else None
    return account if isinstance(account, int) else None


async def load(ctx: Ctx) -> None:
    """Only the account's own unpaid invoices, whatever numbers the form carries."""
    who = account_id(ctx)
    numbers = [str(n) for n in ctx.form.get("invoice_numbers") or []]
    payer = await services(ctx).payers.for_account(who, numbers) if who is not None else None
    ctx.form["loaded"] = True
    if payer is None:
        ctx.form["invoices"] = []
        return
    keep_payer(ctx, payer)


async def ask_selection(ctx: Ctx) -> Prompt:
    if not ctx.form.get("loaded"):
        await load(ctx)
    return selection.ask_selection(ctx)


async def choose(ctx: Ctx, choice: str) -> str | None:
    if not ctx.form.get("loaded"):  # the first prompt loads them; never act on an empty form
        await load(ctx)
    return await selection.choose(ctx, choice)


STEPS = [
    Step("selection", prompt=ask_selection, parse=selection.read_selection, then=choose),
    *[step for step in selection.STEPS if step.name != "selection"],
    *consent.STEPS,
    *sms_choice.STEPS,
]

FLOW = Flow(
    name="payment_from_efacture",
    title="Payer mes factures (e-facture)",
    steps=STEPS,
    transitions=flow_table(STEPS, selection.TRANSITIONS),
    events=EVENTS,
)
