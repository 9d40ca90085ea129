"""What both payment flows share: the payer and invoices kept in the form, consent, opening a link.

Form layout (JSON only): "payer" {msisdn, customer_number, lines, service}, "invoices" [{n: number,
p: period ISO, a: amount TTC, s: selected, m: the line's call number}], "email", "sms" (the answer to
the confirmation by SMS: true/false) and "sms_to" (the number it was offered to), "terms", "ready"
(the selection was confirmed), "order_id", "total", "link_url" of the current attempt.
"""

from decimal import Decimal
from typing import Any

from conversations.context import Ctx
from conversations.flow import Step
from conversations.flows.payment.services import PaymentServices
from domain.errors import NotFound, Refused
from domain.invoices import Invoice
from domain.payment_usecases import Payer
from domain.services import ServiceType

SESSION_KEY = "payment"  # ctx.session["payment"] = {"terms": True} once the conditions are accepted


def services(ctx: Ctx) -> PaymentServices:
    return ctx.services.payment


def keep_invoices(ctx: Ctx, invoices: tuple[Invoice, ...] | list[Invoice]) -> None:
    """Every unpaid invoice, all selected (the guide's default)."""
    ctx.form["invoices"] = [{"n": i.number, "p": i.period.isoformat(), "a": str(i.amount_ttc), "s": True,
                             "m": i.msisdn} for i in invoices]
    ctx.form.pop("ready", None)


def keep_payer(ctx: Ctx, payer: Payer) -> None:
    # The receipt names the call number; an Internet line has none, so its numéro client instead.
    customer = payer.customer_number if payer.msisdn is None or payer.service is ServiceType.INTERNET else None
    ctx.form["payer"] = {"msisdn": payer.msisdn, "customer_number": customer, "lines": list(payer.line_ids),
                         "service": payer.service.value}
    keep_invoices(ctx, payer.invoices)
    if payer.email:
        ctx.form["email"] = payer.email


def invoices(ctx: Ctx) -> list[dict[str, Any]]:
    return list(ctx.form.get("invoices") or [])


def selected(ctx: Ctx) -> list[dict[str, Any]]:
    return [i for i in invoices(ctx) if i.get("s")]


def selected_total(ctx: Ctx) -> Decimal:
    return sum((Decimal(i["a"]) for i in selected(ctx)), Decimal("0.00"))


def sms_line(ctx: Ctx) -> str | None:
    """The Mobile number every selected invoice belongs to (one line), the only one an SMS may go to."""
    payer = ctx.form.get("payer") or {}
    numbers = {i.get("m") for i in selected(ctx)}
    if payer.get("service") != ServiceType.MOBILE.value or len(numbers) != 1:
        return None
    number = numbers.pop()
    return number if isinstance(number, str) and number[:2] in ("06", "07") else None


def sms_to(ctx: Ctx) -> str | None:
    """Where the confirmation SMS goes: the number offered, if still the selection's line."""
    offered = ctx.form.get("sms_to")
    return offered if ctx.form.get("sms") and offered and offered == sms_line(ctx) else None


def terms_accepted(ctx: Ctx) -> bool:
    remembered = ctx.session.get(SESSION_KEY)
    return bool(ctx.form.get("terms")) or (isinstance(remembered, dict) and bool(remembered.get("terms")))


def accept_terms(ctx: Ctx) -> None:
    ctx.form["terms"] = True
    remembered = ctx.session.get(SESSION_KEY)
    ctx.session[SESSION_KEY] = {**(remembered if isinstance(remembered, dict) else {}), "terms": True}


def nothing_due(ctx: Ctx) -> None:
    ctx.say(ctx.t("payment.nothing_due"))
    ctx.finish()


async def proceed(ctx: Ctx) -> str | None:
    """The next thing missing before the link: the email, the conditions, the selection."""
    if not ctx.form.get("email"):
        return "email_needed"
    if "sms" not in ctx.form and sms_line(ctx):
        return "sms_needed"  # asked once, right after the email
    if not terms_accepted(ctx):
        return "terms_needed"
    if not ctx.form.get("ready"):
        return "selection_needed"
    return await open_link(ctx)


async def open_link(ctx: Ctx) -> str | None:
    """A new attempt (new order id) for the selected invoices; "link_ready" when there is a link."""
    payer = ctx.form.get("payer") or {}
    numbers = [i["n"] for i in selected(ctx)]
    try:
        link = await services(ctx).usecases.start(numbers, ctx.form["email"], conversation_key=ctx.key,
                                                  msisdn=payer.get("msisdn"),
                                                  customer_number=payer.get("customer_number"),
                                                  sms_to=sms_to(ctx), language=ctx.language)
    except (Refused, NotFound):
        # An invoice was paid meanwhile (another channel, an agency): show what is left to pay.
        left = await services(ctx).payers.unpaid(payer.get("lines") or [])
        keep_invoices(ctx, left)
        if not left:
            nothing_due(ctx)
            return None
        ctx.say(ctx.t("payment.selection_changed"))
        return "selection_needed"
    ctx.form.update(order_id=link.order_id, total=str(link.total),
                    link_url=services(ctx).link_url(link.path, ctx.language))
    return "link_ready"


def flow_table(steps: list[Step], transitions: list[tuple[str, Any, str]]) -> list[tuple[str, Any, str]]:
    """The shared transitions restricted to the states a flow has (each flow uses a subset)."""
    names = {step.name for step in steps}
    table = []
    for event, sources, dest in transitions:
        if dest not in names:
            continue
        if isinstance(sources, str):
            if sources == "*" or sources in names:
                table.append((event, sources, dest))
            continue
        kept = [s for s in sources if s in names]
        if kept:
            table.append((event, kept, dest))
    return table
