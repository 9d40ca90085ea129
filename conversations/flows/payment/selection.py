"""The unpaid invoices, each toggled by a button, the running total, the "Payer" button, the link,
and the states the gateway's verdict leads to (declined: retry; link refused: start again)."""

from datetime import date
from decimal import Decimal

from conversations.context import Ctx
from conversations.flow import Answer, Invalid, Option, Prompt, Step
from conversations.flows.payment.common import invoices, open_link, proceed, selected, selected_total

CHECKED, UNCHECKED = "☑", "☐"


def invoice_label(ctx: Ctx, invoice: dict) -> str:
    period = ctx.fmt.month(date.fromisoformat(invoice["p"]))
    return ctx.t("payment.invoice_row", number=invoice["n"], period=period, amount=ctx.fmt.money(Decimal(invoice["a"])))


def ask_selection(ctx: Ctx) -> Prompt:
    # Every prompt here also gets the engine's way back ("Retour" / "Annuler", rendering.py).
    if not invoices(ctx):
        return Prompt(ctx.t("navigation.no_invoices"))
    rows = [[Option(f"t{index}", f"{CHECKED if invoice.get('s') else UNCHECKED} {invoice_label(ctx, invoice)}",
                    str(index + 1))] for index, invoice in enumerate(invoices(ctx))]
    total = selected_total(ctx)
    if selected(ctx):
        text = ctx.t("payment.selection", count=len(selected(ctx)), total=ctx.fmt.money(total))
        rows.append([Option("pay", ctx.t("payment.pay_button", total=ctx.fmt.money(total)), "P")])
    else:
        text = ctx.t("navigation.selection_empty")
    return Prompt(text, rows)


def read_selection(ctx: Ctx, answer: Answer) -> str:
    if answer.choice is None:
        if not invoices(ctx):  # nothing to tick: only the way back is on screen
            raise Invalid("engine.choose_option")
        # "…then « Payer »" only where a Payer button is on screen.
        raise Invalid("payment.selection_use_buttons" if selected(ctx) else "navigation.select_at_least_one")
    return answer.choice


async def choose(ctx: Ctx, choice: str) -> str | None:
    if choice == "pay":
        if not selected(ctx):
            raise Invalid("navigation.select_at_least_one")
        ctx.form["ready"] = True
        return await proceed(ctx)
    rows = ctx.form.get("invoices") or []
    index = int(choice[1:]) if choice[1:].isdigit() else -1
    if 0 <= index < len(rows):
        rows[index]["s"] = not rows[index].get("s")
    return None  # stay: the same step shows the new ticks and total


def ask_link(ctx: Ctx) -> Prompt:
    total = ctx.fmt.money(Decimal(ctx.form["total"]))
    return Prompt(ctx.t("payment.link_intro", total=total),
                  [Option("link", ctx.t("payment.link_button", total=total), url=ctx.form["link_url"])])


def waiting_for_verdict(ctx: Ctx, answer: Answer) -> str:
    raise Invalid("payment.link_waiting")


def ask_retry(ctx: Ctx) -> Prompt:
    return Prompt(ctx.t("payment.retry"), [Option("retry", ctx.t("payment.retry_button"))])


def ask_restart(ctx: Ctx) -> Prompt:
    return Prompt(ctx.t("payment.restart"), [Option("restart", ctx.t("payment.restart_button"))])


async def new_attempt(ctx: Ctx, choice: str) -> str | None:
    return await open_link(ctx)


STEPS = [
    Step("selection", prompt=ask_selection, parse=read_selection, then=choose),
    Step("link", prompt=ask_link, parse=waiting_for_verdict),
    Step("declined", prompt=ask_retry, then=new_attempt),
    Step("refused", prompt=ask_restart, then=new_attempt),
    Step("paid", prompt="payment.thanks", final=True),
]

TRANSITIONS = [
    ("email_needed", ["code", "keypad", "selection"], "email"),
    ("email_given", "email", "email_again"),
    ("email_mismatch", "email_again", "email"),
    ("sms_needed", ["email_again", "selection", "code", "keypad"], "sms"),
    ("terms_needed", ["email_again", "sms", "selection", "code", "keypad"], "terms"),
    ("selection_needed", ["email_again", "sms", "terms", "selection", "declined", "refused", "code", "keypad"],
     "selection"),
    ("link_ready", ["selection", "sms", "terms", "email_again", "declined", "refused", "code", "keypad"], "link"),
    ("declined", ["link", "refused"], "declined"),
    ("link_refused", ["link", "declined"], "refused"),
    ("paid", "*", "paid"),
]
