"""The tear-off payment slip at the bottom of page 1, as on paper bills paid at an agence."""

from collections.abc import Callable

from reportlab.pdfgen.canvas import Canvas

from bot.documents import _pdf as ui
from domain.invoices import Invoice

Columns = Callable[[float, list[tuple[str, str]], list[tuple[str, str]]], None]


def draw_payment_slip(canvas: Canvas, top: float, invoice: Invoice, words: dict[str, str],
                      left: list[tuple[str, str]], two_columns: Columns) -> None:
    """`left` holds the references to print (numéro client, facture, code); `two_columns` draws rows."""
    canvas.setStrokeColor(ui.MUTED)
    canvas.setLineWidth(0.6)
    canvas.setDash(3, 3)
    canvas.line(ui.MARGIN, top, ui.PAGE_WIDTH - ui.MARGIN, top)
    canvas.setDash()
    canvas.setFillColor(ui.MUTED)
    canvas.setFont(ui.REGULAR, 7.5)
    canvas.drawCentredString(ui.PAGE_WIDTH / 2, top - 14, words["slip"])
    ui.rounded_box(canvas, ui.MARGIN, top - 88, ui.PAGE_WIDTH - 2 * ui.MARGIN, 64, fill=ui.white)
    first = top - 42
    right = [(words["period"], ui.month(invoice.period)), (words["due_date"], ui.day(invoice.due_date))]
    two_columns(first, left, right)
    amount_y = first - 2 * 17.0 - 2
    canvas.setFillColor(ui.BLUE_DARK)
    canvas.setFont(ui.BOLD, 9)
    canvas.drawString(300.0, amount_y, words["amount_ttc"])
    canvas.setFont(ui.BOLD, 14)
    canvas.drawRightString(ui.PAGE_WIDTH - ui.MARGIN - 14, amount_y, ui.pdf_dh(invoice.amount_ttc))
