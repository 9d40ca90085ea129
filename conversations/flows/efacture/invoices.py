"""Consulter mes factures: the 6 latest invoices of the account's lines, a PDF button on each,
and filters (numéro client, échéance, numéro d'appel) chosen among the values the account has; a
filter is offered only where the account has more than one value. After a PDF, the list is not
sent again: a short line with the same buttons follows the document."""

import asyncio

from conversations.context import Ctx
from conversations.flow import Flow, Invalid, Option, Prompt, Step
from conversations.flows.efacture.common import (
    back_option,
    current_account,
    log_out,
    logout_option,
    refusal_text,
    require_login,
    services,
)
from conversations.flows.efacture.invoice_rows import describe_filter, describe_row, filter_of, options_for
from conversations.messages import document
from domain.efacture.invoices_view import InvoiceView, invoice_for_pdf, show_invoices
from domain.errors import Refused

FILTERS = {"f_cn": "customer_number", "f_period": "period", "f_msisdn": "msisdn"}
PDF_SENT = "pdf_sent"
RETURNS_TO = {"invoices": "account_menu"}


async def current_view(ctx: Ctx) -> InvoiceView | None:
    account = await current_account(ctx)
    if account is None:
        return None
    return await show_invoices(services(ctx).uow(), account, ctx.now, filter_of(ctx.form))


async def show_list(ctx: Ctx) -> Prompt:
    view = await current_view(ctx)
    if view is None:
        return Prompt(ctx.t("efacture.login_required"), [back_option(ctx)])
    sent = ctx.form.pop(PDF_SENT, None)  # the list is still on screen, just above the document
    text = ctx.t("navigation.inv_pdf_sent", number=sent) if sent else list_text(ctx, view)
    return Prompt(text, list_buttons(ctx, view))


def list_text(ctx: Ctx, view: InvoiceView) -> str:
    parts = [ctx.t("efacture.inv_title")]
    if view.is_filtered:
        parts.append(describe_filter(ctx, view.invoice_filter))
    if view.is_empty:
        parts.append(ctx.t("efacture.inv_none_matching" if view.is_filtered else "efacture.inv_none"))
    parts += [describe_row(ctx, index, row) for index, row in enumerate(view.rows, start=1)]
    return "\n\n".join(parts)


def list_buttons(ctx: Ctx, view: InvoiceView) -> list[list[Option]]:
    pdfs = [Option(f"pdf:{row.number}", ctx.t("efacture.inv_pdf_button", index=index))
            for index, row in enumerate(view.rows, start=1)]
    # A filter with one value would change nothing; a chosen one stays offered (to change it).
    chosen = ctx.form.get("filter") or {}
    filters = [Option(value, ctx.t(f"efacture.inv_filter_{field}")) for value, field in FILTERS.items()
               if len(options_for(view, field)) > 1 or chosen.get(field)]
    rows = [pdfs[i:i + 3] for i in range(0, len(pdfs), 3)] + [filters]
    if view.is_filtered:
        rows.append([Option("clear", ctx.t("efacture.inv_clear_filters"))])
    rows.append([back_option(ctx), logout_option(ctx)])
    return [row for row in rows if row]


async def send_pdf(ctx: Ctx, number: str) -> None:
    account = await current_account(ctx)
    if account is None:
        ctx.start_flow("login")
        return
    svc = services(ctx)
    try:
        invoice = await invoice_for_pdf(svc.uow(), account, number)
    except Refused as refused:
        ctx.say(refusal_text(ctx, refused))
        return
    async with svc.uow() as uow:
        line = await uow.lines.get(invoice.line_id)
    # reportlab takes tens of milliseconds: off the event loop.
    pdf = await asyncio.to_thread(svc.invoice_pdf, invoice, line, language=ctx.language)
    ctx.say(document(pdf, f"facture-{number}.pdf", caption=ctx.t("efacture.inv_pdf_caption", number=number),
                     cache_key=f"invoice:{number}:{ctx.language}"))
    ctx.form[PDF_SENT] = number


async def act(ctx: Ctx, choice: str) -> str | None:
    if choice == "logout":
        log_out(ctx)
        return None
    if choice == "back":
        ctx.start_flow("account_menu")
        return None
    if require_login(ctx) is None:
        return None
    if choice.startswith("pdf:"):
        await send_pdf(ctx, choice[4:])
    elif choice == "clear":
        ctx.form["filter"] = {}
    elif choice in FILTERS:
        return f"choose_{FILTERS[choice]}"
    return None


async def ask_filter(ctx: Ctx, field: str) -> Prompt:
    view = await current_view(ctx)
    values = options_for(view, field) if view else []
    options = [Option(value, ctx.fmt.number(label)) for value, label in values]  # isolated in Arabic
    options += [Option("all", ctx.t("efacture.inv_filter_all")), Option("back", ctx.t("navigation.back"))]
    return Prompt(ctx.t(f"efacture.inv_choose_{field}"), options)


def choose(field: str):
    async def then(ctx: Ctx, value: str) -> str:
        if value == "back":
            return "filtered"  # back to the list, the filter as it was
        if value != "all" and value not in dict(options_for(await current_view(ctx), field)):
            raise Invalid("engine.choose_option")  # only values the account really has
        chosen = dict(ctx.form.get("filter") or {})
        chosen[field] = None if value == "all" else value
        ctx.form["filter"] = chosen
        return "filtered"
    return then


def filter_step(field: str) -> Step:
    async def prompt(ctx: Ctx) -> Prompt:
        return await ask_filter(ctx, field)
    return Step(f"filter_{field}", prompt=prompt, then=choose(field))


FLOW = Flow(
    name="invoices",
    title="Consulter mes factures",
    steps=[Step("list", prompt=show_list, then=act), *(filter_step(f) for f in FILTERS.values())],
    transitions=[*((f"choose_{f}", "list", f"filter_{f}") for f in FILTERS.values()),
                 ("filtered", [f"filter_{f}" for f in FILTERS.values()], "list")],
)
