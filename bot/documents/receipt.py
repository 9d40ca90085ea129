"""The receipt PDF (reçu de paiement), with the fields of the payment guide's receipt page.

French only: the guide's receipt is French and a Receipt carries no language.
"""

import io

from reportlab.pdfgen.canvas import Canvas

from bot.documents import _pdf as ui
from domain.phone import display_msisdn
from domain.receipts import Receipt

ROW_GAP = 20.0
PAGE_BREAK_Y = 130.0  # below this, the next row or the support note would collide with the footer
LABEL_X, VALUE_X = ui.MARGIN + 14, ui.MARGIN + 170
SUCCESS = "Votre paiement a été effectué avec succès."
SUPPORT = "En cas de problème, merci de contacter le 777 en indiquant le N° d'autorisation."
KEEP = "Vous pouvez sauvegarder ce reçu sur votre ordinateur ou l'imprimer."


def render_receipt_pdf(receipt: Receipt) -> bytes:
    buffer = io.BytesIO()
    canvas = ui.new_canvas(buffer, f"Reçu de paiement {receipt.transaction_id}")
    top = ui.draw_brand_header(canvas, "Reçu de paiement", "Paiement en ligne des factures")
    y = _success_banner(canvas, top - 20)
    y = _summary(canvas, y - 28, receipt)
    y = _invoices(canvas, y - 30, receipt)
    _support_note(canvas, (y if y >= PAGE_BREAK_Y else _next_page(canvas, receipt)) - 24)
    _footer(canvas, receipt)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _success_banner(canvas: Canvas, top: float) -> float:
    height = 44.0
    ui.rounded_box(canvas, ui.MARGIN, top - height, ui.PAGE_WIDTH - 2 * ui.MARGIN, height,
                   fill=ui.HexColor("#EAF6EF"), stroke=ui.GREEN)
    centre_x, centre_y = ui.MARGIN + 28, top - height / 2
    canvas.setFillColor(ui.GREEN)
    canvas.circle(centre_x, centre_y, 11, stroke=0, fill=1)
    canvas.setStrokeColor(ui.white)
    canvas.setLineWidth(2.4)
    canvas.setLineCap(1)
    canvas.setLineJoin(1)
    tick = canvas.beginPath()
    tick.moveTo(centre_x - 5, centre_y)
    tick.lineTo(centre_x - 1.5, centre_y - 4)
    tick.lineTo(centre_x + 5.5, centre_y + 4.5)
    canvas.drawPath(tick, stroke=1, fill=0)
    canvas.setLineCap(0)
    canvas.setLineJoin(0)
    canvas.setFillColor(ui.GREEN)
    canvas.setFont(ui.BOLD, 13)
    canvas.drawString(ui.MARGIN + 50, centre_y - 4.5, SUCCESS)
    return top - height


def _summary(canvas: Canvas, y: float, receipt: Receipt) -> float:
    ui.section_title(canvas, ui.MARGIN, y, "Récapitulatif de la transaction")
    rows = _summary_rows(receipt)
    top = y - 16
    height = len(rows) * ROW_GAP + 10
    ui.rounded_box(canvas, ui.MARGIN, top - height, ui.PAGE_WIDTH - 2 * ui.MARGIN, height)
    baseline = top - 20
    for index, (label, value) in enumerate(rows):
        if index:
            canvas.setStrokeColor(ui.RULE)
            canvas.setLineWidth(0.5)
            canvas.line(LABEL_X, baseline + 13.5, ui.PAGE_WIDTH - ui.MARGIN - 14, baseline + 13.5)
        ui.labelled_line(canvas, LABEL_X, baseline, label, value, VALUE_X)
        baseline -= ROW_GAP
    return top - height


def _summary_rows(receipt: Receipt) -> list[tuple[str, str]]:
    rows = []
    if receipt.msisdn:
        rows.append(("Numéro d'appel", display_msisdn(receipt.msisdn)))
    if receipt.customer_number:
        rows.append(("N° client", receipt.customer_number))
    return rows + [
        ("Courrier électronique", receipt.email),
        ("Date de paiement", ui.local_minute(receipt.paid_at)),
        ("N° d'autorisation", receipt.authorization_code),
        ("Méthode de paiement", receipt.payment_method),
        ("N° de carte", mask_card(receipt.masked_card)),
        ("N° de transaction", receipt.transaction_id),
    ]


def mask_card(card: str) -> str:
    """Keep an already masked number; mask a clear one down to its last four digits."""
    if any(mark in card for mark in "*Xx•"):
        return card
    digits = "".join(ch for ch in card if ch.isdigit())
    return f"**** **** **** {digits[-4:]}" if len(digits) >= 4 else "****"


def _invoices(canvas: Canvas, y: float, receipt: Receipt) -> float:
    ui.section_title(canvas, ui.MARGIN, y, "Factures réglées")
    y = ui.table_header(canvas, y - 14, "Description", "Montant")
    for line in receipt.lines:
        if y < PAGE_BREAK_Y:
            y = ui.table_header(canvas, _next_page(canvas, receipt) + 12, "Description", "Montant")
        label = f"Num Facture : {line.invoice_number} - Période : {ui.month(line.period)}"
        y = ui.table_row(canvas, y, label, ui.pdf_dh(line.amount))
    canvas.setFillColor(ui.PALE)
    canvas.rect(ui.MARGIN, y - 8, ui.PAGE_WIDTH - 2 * ui.MARGIN, 24, stroke=0, fill=1)
    canvas.setFillColor(ui.BLUE_DARK)
    canvas.setFont(ui.BOLD, 11)
    canvas.drawString(ui.MARGIN + 10, y, "Total")
    canvas.drawRightString(ui.PAGE_WIDTH - ui.MARGIN - 10, y, ui.pdf_dh(receipt.total))
    return y - 8


def _support_note(canvas: Canvas, top: float) -> None:
    height = 42.0
    ui.rounded_box(canvas, ui.MARGIN, top - height, ui.PAGE_WIDTH - 2 * ui.MARGIN, height,
                   fill=ui.HexColor("#FFF6E8"), stroke=ui.ORANGE)
    canvas.setFillColor(ui.INK)
    canvas.setFont(ui.BOLD, 9.5)
    canvas.drawString(LABEL_X, top - 17, SUPPORT)
    canvas.setFillColor(ui.MUTED)
    canvas.setFont(ui.REGULAR, 8.5)
    canvas.drawString(LABEL_X, top - 31, KEEP)


def _next_page(canvas: Canvas, receipt: Receipt) -> float:
    """A receipt for many invoices continues on a page that repeats the payment's references."""
    _footer(canvas, receipt)
    canvas.showPage()
    y = ui.draw_continuation_header(canvas, f"Maroc Telecom · Reçu de paiement {receipt.transaction_id}")
    ui.labelled_line(canvas, LABEL_X, y, "N° d'autorisation", receipt.authorization_code, VALUE_X)
    return y - 22


def _footer(canvas: Canvas, receipt: Receipt) -> None:
    ui.footer(canvas, f"Maroc Telecom · Reçu de paiement · N° de transaction {receipt.transaction_id} · "
                      "Service client 777")
