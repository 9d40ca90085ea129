"""Payment pages of the web app: the link page, the CMI callback, okUrl/failUrl, the receipt.

    GET  /pay/{token}        single-use link: auto-posts the signed CMI form to cmi.gateway_url
    POST /cmi/callback       CMI's server-to-server result; answers ACTION=POSTAUTH, APPROVED or FAILURE
    POST /pay/ok, /pay/fail  where CMI sends the browser back; shows the state the callback stored
    GET  /pay/cancelled      CMI's "Annuler" button (shopurl)
    GET  /receipt/{token}    printable receipt, by its unguessable token

The lead's app calls `add_payment_routes(app, deps)`; `deps.usecases()` is the same object the
conversations use to start payments, so build it once in the composition root.
"""

import logging
from dataclasses import dataclass, field
from datetime import timedelta
from html import escape

from aiohttp import web

from bot.cmi.codes import decline_text_key
from bot.cmi.html_forms import auto_post, page, paragraphs
from bot.cmi.protocol import (
    ANSWERS,
    FAILURE,
    LANGUAGES,
    MerchantUrls,
    logged_oid,
    request_fields,
    result_of,
    verified,
)
from bot.cmi.protocol import field as cmi_field
from bot.config import Settings
from conversations import formatting
from conversations.catalog import Catalog
from domain.clock import Clock
from domain.errors import Refused
from domain.payment_usecases import PaymentEvents, PaymentUseCases, Refusal, derive_link_key
from domain.payments import PaymentStatus
from domain.phone import display_msisdn
from domain.ports import UnitOfWorkFactory
from domain.receipts import Receipt

log = logging.getLogger(__name__)
_REFUSAL_STATUS = {Refusal.LINK_UNKNOWN: 404, Refusal.INVOICE_ALREADY_PAID: 409}
_HEADERS = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer", "X-Frame-Options": "DENY"}


@dataclass
class PaymentWebDeps:
    uow_factory: UnitOfWorkFactory
    settings: Settings
    store_key: str = field(repr=False)  # the CMI store key: never in a repr, a log or a traceback
    clock: Clock
    on_settled: PaymentEvents
    catalog: Catalog = field(default_factory=Catalog.load)
    _usecases: PaymentUseCases | None = field(default=None, init=False, repr=False)

    def usecases(self) -> PaymentUseCases:
        if self._usecases is None:
            self._usecases = PaymentUseCases(
                self.uow_factory, self.clock, derive_link_key(self.store_key), self.on_settled,
                timedelta(minutes=self.settings.cmi.link_validity_minutes))
        return self._usecases

    def merchant_urls(self) -> MerchantUrls:
        base = self.settings.web.public_base_url.rstrip("/")
        return MerchantUrls(f"{base}/pay/ok", f"{base}/pay/fail", f"{base}/cmi/callback", f"{base}/pay/cancelled")


PAYMENT_DEPS = web.AppKey("payment_deps", PaymentWebDeps)


def add_payment_routes(app: web.Application, deps: PaymentWebDeps) -> None:
    app[PAYMENT_DEPS] = deps
    app.add_routes([web.get("/pay/cancelled", cancelled), web.get("/pay/{token}", link_page, allow_head=False),
                    web.post("/cmi/callback", callback), web.post("/pay/ok", result_page),
                    web.post("/pay/fail", result_page), web.get("/receipt/{token}", receipt_page)])


def _html(text: str, status: int = 200) -> web.Response:
    return web.Response(text=text, status=status, content_type="text/html", charset="utf-8", headers=_HEADERS)


_PREVIEW_AGENTS = ("telegrambot", "whatsapp", "facebookexternalhit", "slackbot", "twitterbot", "discordbot",
                   "skypeuripreview", "linkedinbot")


def _is_link_preview(user_agent: str) -> bool:
    agent = user_agent.lower()
    return any(bot in agent for bot in _PREVIEW_AGENTS)


def _lang(value: str | None) -> str:
    return value if value in LANGUAGES else "fr"


async def link_page(request: web.Request) -> web.Response:
    deps, lang = request.app[PAYMENT_DEPS], _lang(request.query.get("lang"))
    t = deps.catalog.text
    if _is_link_preview(request.headers.get("User-Agent", "")):
        # Chat apps fetch links to draw a preview; that must not use up the single-use link.
        return _html(page(t(lang, "payment.page.redirect_title"), "", lang))
    try:
        payment = await deps.usecases().open_link(request.match_info["token"])
    except Refused as refused:
        lines = [t(lang, f"payment.link_refused.{refused.reason}")]
        if refused.reason != Refusal.ALREADY_PAID:
            lines.append(t(lang, "payment.page.back_to_chat"))
        return _html(page(t(lang, "payment.page.refused_title"), paragraphs(lines), lang),
                     status=_REFUSAL_STATUS.get(refused.reason, 410))
    fields = request_fields(payment, client_id=deps.settings.cmi.client_id, urls=deps.merchant_urls(),
                            lang=lang, store_key=deps.store_key)
    return _html(auto_post(deps.settings.cmi.gateway_url, fields, t(lang, "payment.page.redirect_title"),
                           t(lang, "payment.page.redirect_message"), t(lang, "payment.page.redirect_button"),
                           lang))


async def _posted(request: web.Request) -> dict[str, str]:
    return {name: value for name, value in (await request.post()).items() if isinstance(value, str)}


async def callback(request: web.Request) -> web.Response:
    deps = request.app[PAYMENT_DEPS]
    posted = await _posted(request)
    fields = verified(posted, deps.store_key)
    if fields is None:
        log.warning("CMI callback with a HASH that does not verify (oid %r)", logged_oid(posted))
        return web.Response(text=FAILURE)
    try:
        # The verdict is read from the signed form of the fields, the one the HASH matched.
        settlement = await deps.usecases().settle(result_of(fields))
    except Exception:
        # CMI keeps the pre-authorisation for manual handling; a repeated callback may still settle it.
        log.exception("CMI callback for oid %r could not be settled", logged_oid(fields))
        return web.Response(text=FAILURE)
    return web.Response(text=ANSWERS[settlement])


async def result_page(request: web.Request) -> web.Response:
    """Shows the state stored by the callback; the browser's copy of the result decides nothing."""
    deps = request.app[PAYMENT_DEPS]
    posted = await _posted(request)
    fields = verified(posted, deps.store_key)
    payment = None
    if fields is not None:
        payment = await deps.usecases().payment(cmi_field(fields, "oid"))
    else:
        fields = posted  # only the language is read from it, against an allow-list
    lang, t = _lang(cmi_field(fields, "lang")), deps.catalog.text
    if payment is not None and payment.status is PaymentStatus.APPROVED:
        body = (paragraphs([t(lang, "payment.receipt.success")])
                + f'<p><a href="/receipt/{payment.receipt_token}?lang={lang}">'
                  f'{t(lang, "payment.page.receipt_link")}</a></p>')
        return _html(page(t(lang, "payment.page.ok_title"), body, lang))
    if payment is None or payment.status is PaymentStatus.PENDING:
        lines = [t(lang, "payment.page.pending"), t(lang, "payment.page.back_to_chat")]
        return _html(page(t(lang, "payment.page.pending_title"), paragraphs(lines), lang))
    reason = t(lang, decline_text_key(payment.return_code))
    lines = [t(lang, "payment.declined", reason=reason), t(lang, "payment.page.back_to_chat")]
    return _html(page(t(lang, "payment.page.fail_title"), paragraphs(lines), lang))


async def cancelled(request: web.Request) -> web.Response:
    deps, lang = request.app[PAYMENT_DEPS], _lang(request.query.get("lang"))
    lines = [deps.catalog.text(lang, "payment.page.cancelled"), deps.catalog.text(lang, "payment.page.back_to_chat")]
    return _html(page(deps.catalog.text(lang, "payment.page.fail_title"), paragraphs(lines), lang))


async def receipt_page(request: web.Request) -> web.Response:
    deps, lang = request.app[PAYMENT_DEPS], _lang(request.query.get("lang"))
    receipt = await deps.usecases().receipt(request.match_info["token"])
    if receipt is None:
        text = deps.catalog.text(lang, "payment.page.receipt_missing")
        return _html(page(deps.catalog.text(lang, "payment.receipt.title"), paragraphs([text]), lang), 404)
    return _html(receipt_html(receipt, deps.catalog, lang))


def _row(label: str, value: str) -> str:
    return f"<tr><th>{escape(label)}</th><td>{escape(value)}</td></tr>"


def receipt_html(receipt: Receipt, catalog: Catalog, lang: str = "fr") -> str:
    def t(key: str, **values: object) -> str:
        return catalog.text(lang, f"payment.receipt.{key}", **values)

    who = []
    if receipt.msisdn:
        who.append(_row(t("msisdn"), display_msisdn(receipt.msisdn)))
    if receipt.customer_number:
        who.append(_row(t("customer_number"), receipt.customer_number))
    paid_at = formatting.moment(receipt.paid_at, lang)
    facts = [*who, _row(t("email"), receipt.email), _row(t("paid_at"), paid_at),
             _row(t("authorization"), receipt.authorization_code)]
    lines = "".join(
        f"<tr><td>{escape(t('line', number=line.invoice_number, period=formatting.day(line.period, lang)))}"
        f"</td><td>{escape(formatting.money(line.amount, lang))}</td></tr>" for line in receipt.lines)
    payment = [_row(t("method"), receipt.payment_method), _row(t("card"), receipt.masked_card),
               _row(t("total"), formatting.money(receipt.total, lang)), _row(t("transaction"), receipt.transaction_id)]
    body = (f'<p><strong>{escape(t("success"))}</strong></p><table>{"".join(facts)}</table>'
            f'<h2>{escape(t("description"))}</h2><table><tr><th>{escape(t("description"))}</th>'
            f'<th>{escape(t("amount"))}</th></tr>{lines}</table><table>{"".join(payment)}</table>'
            f'<p>{escape(t("support"))}</p><p class="noprint">{escape(t("save"))}</p>'
            f'<p class="noprint"><button onclick="window.print()">{escape(t("print"))}</button></p>')
    return page(t("title"), body, lang)
