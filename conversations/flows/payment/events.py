"""The gateway's verdict in the chat: PaymentEvent.APPROVED / DECLINED / LINK_REFUSED.

`EVENTS` are the flows' handlers (the user is still waiting in the flow); `FALLBACK_EVENTS` answer
when the user has left it (registered with registry.on_event by conversations.flows). Payloads
are domain.payment_usecases.event_payload(...) (strings only).

Every handler may run twice for one verdict: the outbox delivers a CHAT event at least once
(bot/delivery.py), and runs the handler again when the push of its replies failed. So each one
says its message again and changes nothing more the second time.
"""

from conversations.context import Ctx
from conversations.flows.payment.common import services
from conversations.messages import Choice, document, text
from domain.payment_usecases import PaymentEvent
from domain.phone import display_msisdn
from domain.receipts import Receipt


def _row(ctx: Ctx, label_key: str, value: str) -> str:
    return ctx.t("payment.chat_receipt_row", label=ctx.t(f"payment.receipt.{label_key}"), value=value)


def receipt_text(ctx: Ctx, receipt: Receipt) -> str:
    rows = [ctx.t("payment.receipt.success")]
    if receipt.msisdn:
        rows.append(_row(ctx, "msisdn", display_msisdn(receipt.msisdn)))
    if receipt.customer_number:
        rows.append(_row(ctx, "customer_number", receipt.customer_number))
    rows += [_row(ctx, "email", receipt.email), _row(ctx, "paid_at", ctx.fmt.moment(receipt.paid_at)),
             _row(ctx, "authorization", receipt.authorization_code), ctx.t("payment.chat_receipt_invoices")]
    rows += [ctx.t("payment.invoice_row", number=line.invoice_number, period=ctx.fmt.month(line.period),
                   amount=ctx.fmt.money(line.amount)) for line in receipt.lines]
    rows += [_row(ctx, "method", receipt.payment_method), _row(ctx, "card", receipt.masked_card),
             _row(ctx, "total", ctx.fmt.money(receipt.total)), _row(ctx, "transaction", receipt.transaction_id),
             ctx.t("payment.receipt.support")]
    return "\n".join(rows)


async def show_receipt(ctx: Ctx, payload: dict[str, str]) -> None:
    """The receipt as text (with a link to the printable page) and as a PDF document."""
    paid = services(ctx)
    receipt = await paid.usecases.receipt(payload.get("receipt_token", ""))
    if receipt is None:  # cannot happen for a real approval; say at least what we know
        ctx.say(ctx.t("payment.approved", authorization=payload.get("authorization_code", ""),
                      email=payload.get("email", "")))
        return
    page = Choice(id="x|receipt", label=ctx.t("payment.receipt_button"),
                  url=paid.receipt_url(receipt.token, ctx.language))
    ctx.say(text(receipt_text(ctx, receipt), (page,)))
    if paid.receipt_pdf is not None:
        ctx.say(document(paid.receipt_pdf(receipt), f"recu-{receipt.order_id}.pdf",
                         caption=ctx.t("payment.receipt_caption"), cache_key=f"receipt:{receipt.order_id}"))


def _current(ctx: Ctx, payload: dict[str, str]) -> bool:
    return bool(payload.get("order_id")) and payload.get("order_id") == ctx.form.get("order_id")


async def approved(ctx: Ctx, payload: dict[str, str]) -> str | None:
    await show_receipt(ctx, payload)  # always: the money is taken, whichever attempt it was
    return "paid" if _current(ctx, payload) else None


def _move_to(ctx: Ctx, state: str, event: str) -> str | None:
    # The same event again (the outbox retries until the message was pushed) is said again but
    # does not ask for a transition the flow has already made.
    return None if ctx.state == state else event


def declined(ctx: Ctx, payload: dict[str, str]) -> str | None:
    if not _current(ctx, payload):
        return None  # an older attempt's verdict: the user has moved on
    ctx.say(ctx.t("payment.declined", reason=ctx.t(payload.get("reason") or "payment.decline.other")))
    return _move_to(ctx, "declined", "declined")


def link_refused(ctx: Ctx, payload: dict[str, str]) -> str | None:
    if not _current(ctx, payload):
        return None
    ctx.say(ctx.t(payload.get("reason") or "payment.link_refused.link_unknown"))
    return _move_to(ctx, "refused", "link_refused")


async def approved_elsewhere(ctx: Ctx, payload: dict[str, str]) -> None:
    await show_receipt(ctx, payload)


def declined_elsewhere(ctx: Ctx, payload: dict[str, str]) -> None:
    ctx.say(ctx.t("payment.declined", reason=ctx.t(payload.get("reason") or "payment.decline.other")))
    ctx.say(ctx.t("payment.pay_again_from_menu"))


def link_refused_elsewhere(ctx: Ctx, payload: dict[str, str]) -> None:
    ctx.say(ctx.t(payload.get("reason") or "payment.link_refused.link_unknown"))
    ctx.say(ctx.t("payment.pay_again_from_menu"))


EVENTS = {PaymentEvent.APPROVED.value: approved, PaymentEvent.DECLINED.value: declined,
          PaymentEvent.LINK_REFUSED.value: link_refused}
FALLBACK_EVENTS = {PaymentEvent.APPROVED.value: approved_elsewhere, PaymentEvent.DECLINED.value: declined_elsewhere,
                   PaymentEvent.LINK_REFUSED.value: link_refused_elsewhere}
