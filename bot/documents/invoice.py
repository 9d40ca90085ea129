"""The invoice PDF: a Maroc Telecom bill drawn directly on a reportlab canvas.

Page 1 from top to bottom: brand header, customer block (the "code de paiement" is on its
fifth line at the left, where the payment guide tells customers to look), amount to pay,
detail lines, totals HT / TVA / TTC, how to pay, and the tear-off payment slip at the bottom.
Long detail lists continue on further pages; the slip stays on page 1 as on paper bills.
"""

import calendar
import io
from dataclasses import dataclass
from datetime import date

from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from bot.documents import _pdf as ui
from bot.documents.invoice_slip import draw_payment_slip
from bot.documents.labels import labels_for
from domain.invoices import Invoice, InvoiceStatus
from domain.lines import Line
from domain.phone import display_msisdn
from domain.services import ServiceType

LINE_GAP = 17.0
LEFT_X, LEFT_VALUE_X = ui.MARGIN + 14, ui.MARGIN + 110
RIGHT_X, RIGHT_VALUE_X = 300.0, 408.0
BOTTOM_LIMIT = 70.0
SLIP_TOP = 180.0


def render_invoice_pdf(invoice: Invoice, line: Line, *, language: str = "fr") -> bytes:
    """The bill of `invoice` for `line`; same input, same bytes (cache- and test-friendly)."""
    words = labels_for(language)
    buffer = io.BytesIO()
    bill = _Bill(ui.new_canvas(buffer, f"{words['title']} {invoice.number}"), invoice, line, words)
    y = bill.header()
    y = bill.customer_block(y - 18)
    y = bill.amount_band(y - 14)
    y = bill.details(y - 30)
    y = bill.totals(bill.room(y, 80))
    bill.how_to_pay(bill.room(y - 26, 95))
    bill.finish_page()
    bill.canvas.save()
    return buffer.getvalue()


@dataclass(slots=True)
class _Bill:
    canvas: Canvas
    invoice: Invoice
    line: Line
    words: dict[str, str]

    def header(self) -> float:
        subtitle = self.words["subtitle"].format(service=self.words[self.line.service.value],
                                                 period=ui.month(self.invoice.period))
        return ui.draw_brand_header(self.canvas, self.words["title"], subtitle)

    def customer_block(self, top: float) -> float:
        height = 5 * LINE_GAP + 20
        ui.rounded_box(self.canvas, ui.MARGIN, top - height, ui.PAGE_WIDTH - 2 * ui.MARGIN, height)
        # Left column first, top to bottom, so text extraction reads the lines in print order.
        self.two_columns(top - 22, self.left_lines(), self.right_lines())
        return top - height

    def two_columns(self, first: float, left: list[tuple[str, str]], right: list[tuple[str, str]]) -> None:
        for index, (label, value) in enumerate(left):
            ui.labelled_line(self.canvas, LEFT_X, first - index * LINE_GAP, label, value, LEFT_VALUE_X)
        for index, (label, value) in enumerate(right):
            ui.labelled_line(self.canvas, RIGHT_X, first - index * LINE_GAP, label, value, RIGHT_VALUE_X)

    def left_lines(self) -> list[tuple[str, str]]:
        words, msisdn = self.words, self.invoice.msisdn or self.line.msisdn
        return [
            (words["holder"], _fit(ui.printable(self.line.holder_name).upper(), RIGHT_X - LEFT_VALUE_X - 12)),
            (words["customer_number"], self.invoice.customer_number),
            (words["msisdn"], display_msisdn(msisdn) if msisdn else words["no_msisdn"]),
            (words["invoice_number"], self.invoice.number),
            (words["payment_code"], _fit(self.payment_code(), RIGHT_X - LEFT_VALUE_X - 12)),  # fifth line, as the guide says
        ]

    def payment_code(self) -> str:
        """Fixe and Internet bills carry the code; a Mobile line's code fidélio comes by SMS only."""
        if self.line.service is ServiceType.MOBILE:
            return self.words["fidelio_hint"]
        return self.line.payment_code

    def right_lines(self) -> list[tuple[str, str]]:
        period, words = self.invoice.period, self.words
        end = date(period.year, period.month, calendar.monthrange(period.year, period.month)[1])
        return [
            (words["period"], ui.month(period)),
            (words["billing_period"], words["billing_range"].format(start=ui.day(period), end=ui.day(end))),
            (words["due_date"], ui.day(self.invoice.due_date)),
            (words["service"], words[self.line.service.value]),
        ]

    def amount_band(self, top: float) -> float:
        height = 40.0
        status_text, colour = self.status()
        ui.rounded_box(self.canvas, ui.MARGIN, top - height, ui.PAGE_WIDTH - 2 * ui.MARGIN, height,
                       fill=ui.HexColor("#FFF6E8"), stroke=colour)
        self.canvas.setFillColor(colour)
        self.canvas.setFont(ui.BOLD, 11.5)
        self.canvas.drawString(LEFT_X, top - 24.5, status_text)
        self.canvas.setFont(ui.BOLD, 18)
        self.canvas.drawRightString(ui.PAGE_WIDTH - ui.MARGIN - 14, top - 26, ui.pdf_dh(self.invoice.amount_ttc))
        return top - height

    def status(self) -> tuple[str, ui.Color]:
        invoice, words = self.invoice, self.words
        if invoice.status is InvoiceStatus.PAID:
            if invoice.paid_at is None:
                return words["paid_undated"], ui.GREEN
            return words["paid"].format(day=ui.local_minute(invoice.paid_at)[:10]), ui.GREEN
        if invoice.status is InvoiceStatus.CANCELLED:
            return words["cancelled"], ui.MUTED
        return words["to_pay"].format(due=ui.day(invoice.due_date)), ui.BLUE_DARK

    def details(self, y: float) -> float:
        words = self.words
        ui.section_title(self.canvas, ui.MARGIN, y, words["details"])
        y = ui.table_header(self.canvas, y - 14, words["designation"], words["amount_ht"])
        rows = [(d.label, d.amount_ht) for d in self.invoice.details]
        for label, amount in rows or [(words["default_detail"], self.invoice.amount_ht)]:
            page = self.canvas.getPageNumber()
            y = self.room(y, 24)
            if self.canvas.getPageNumber() != page:  # a continued table repeats its header row
                y = ui.table_header(self.canvas, y + 12, words["designation"], words["amount_ht"])
            y = ui.table_row(self.canvas, y, label, ui.pdf_dh(amount))
        return y

    def totals(self, y: float) -> float:
        canvas, invoice, words = self.canvas, self.invoice, self.words
        left, right = ui.PAGE_WIDTH / 2 + 40, ui.PAGE_WIDTH - ui.MARGIN - 10
        canvas.setFillColor(ui.INK)
        canvas.setFont(ui.REGULAR, 9.5)
        for label, amount in ((words["total_ht"], invoice.amount_ht), (words["vat"], invoice.vat)):
            canvas.drawString(left, y, label)
            canvas.drawRightString(right, y, ui.pdf_dh(amount))
            y -= 18
        canvas.setFillColor(ui.BLUE)
        canvas.rect(left - 10, y - 8, right - left + 20, 24, stroke=0, fill=1)
        canvas.setFillColor(ui.white)
        canvas.setFont(ui.BOLD, 11)
        canvas.drawString(left, y, words["total_ttc"])
        canvas.drawRightString(right, y, ui.pdf_dh(invoice.amount_ttc))
        return y - 8

    def how_to_pay(self, y: float) -> None:
        canvas, words, service = self.canvas, self.words, self.line.service
        ui.section_title(canvas, ui.MARGIN, y, words["how_to_pay"])
        reference = words["reference_customer" if service is ServiceType.INTERNET else "reference_msisdn"]
        code = words["code_fidelio" if service is ServiceType.MOBILE else "code_payment"]
        y -= 22
        for item in (words["pay_online"].format(reference=reference, code=code), words["pay_agency"],
                     words["pay_777"]):
            canvas.setFillColor(ui.ORANGE)
            canvas.rect(ui.MARGIN + 2, y + 1.5, 4.5, 4.5, stroke=0, fill=1)
            canvas.setFillColor(ui.INK)
            canvas.setFont(ui.REGULAR, 9.5)
            for text_line in simpleSplit(item, ui.REGULAR, 9.5, ui.PAGE_WIDTH - 2 * ui.MARGIN - 18):
                canvas.drawString(ui.MARGIN + 14, y, text_line)
                y -= 13
            y -= 4

    def room(self, y: float, needed: float) -> float:
        """Continue on a new page when what comes next would not fit (page 1 keeps room for the slip)."""
        limit = SLIP_TOP + 20 if self.canvas.getPageNumber() == 1 else BOTTOM_LIMIT
        if y - needed >= limit:
            return y
        self.finish_page()
        return ui.draw_continuation_header(self.canvas, f"Maroc Telecom · {self.words['title']} {self.invoice.number}")

    def finish_page(self) -> None:
        if self.canvas.getPageNumber() == 1:
            slip_left = [self.left_lines()[i] for i in (1, 3, 4)]
            draw_payment_slip(self.canvas, SLIP_TOP, self.invoice, self.words, slip_left, self.two_columns)
        ui.footer(self.canvas, self.words["footer"].format(number=self.invoice.number))
        self.canvas.showPage()


def _fit(text: str, width: float) -> str:
    """Shorten a value that would run into the next column (long holder names)."""
    if stringWidth(text, ui.BOLD, 9.5) <= width:
        return text
    while text and stringWidth(text + "…", ui.BOLD, 9.5) > width:
        text = text[:-1]
    return text.rstrip() + "…"
