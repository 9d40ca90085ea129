"""The printable receipt page, worded as the payment guide's "reçu de paiement"."""

from html import escape

from bot.cmi.html_forms import page
from conversations.catalog import Catalog
from domain.clock import LOCAL_TZ
from domain.money import format_dh
from domain.phone import display_msisdn
from domain.receipts import Receipt


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
    paid_at = receipt.paid_at.astimezone(LOCAL_TZ).strftime("%d/%m/%Y %H:%M")
    facts = [*who, _row(t("email"), receipt.email), _row(t("paid_at"), paid_at),
             _row(t("authorization"), receipt.authorization_code)]
    lines = "".join(
        f"<tr><td>{escape(t('line', number=line.invoice_number, period=line.period.strftime('%d/%m/%Y')))}"
        f"</td><td>{escape(format_dh(line.amount))}</td></tr>" for line in receipt.lines)
    payment = [_row(t("method"), receipt.payment_method), _row(t("card"), receipt.masked_card),
               _row(t("total"), format_dh(receipt.total)), _row(t("transaction"), receipt.transaction_id)]
    body = (f'<p><strong>{escape(t("success"))}</strong></p><table>{"".join(facts)}</table>'
            f'<h2>{escape(t("description"))}</h2><table><tr><th>{escape(t("description"))}</th>'
            f'<th>{escape(t("amount"))}</th></tr>{lines}</table><table>{"".join(payment)}</table>'
            f'<p>{escape(t("support"))}</p><p class="noprint">{escape(t("save"))}</p>'
            f'<p class="noprint"><button onclick="window.print()">{escape(t("print"))}</button></p>')
    return page(t("title"), body, lang)
