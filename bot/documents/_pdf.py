"""Drawing helpers shared by the invoice and the receipt: canvas, brand header, rows, formats.

The PDFs use reportlab's built-in Helvetica: no font file to embed keeps a bill under a few
milliseconds and makes the text extractable as is. Helvetica's encoding has no narrow no-break
space, so amounts printed in PDFs group thousands with a plain space ("12 345,50 DH").
"""

import io
import unicodedata
from datetime import date, datetime
from decimal import Decimal

from reportlab.lib.colors import Color, HexColor, white
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from domain.clock import LOCAL_TZ
from domain.money import format_dh

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 42.0
BLUE = HexColor("#0A4C9A")
BLUE_DARK = HexColor("#073A78")
ORANGE = HexColor("#F39200")
INK = HexColor("#1E2933")
MUTED = HexColor("#5E6B7A")
RULE = HexColor("#D3DBE6")
PALE = HexColor("#F1F5FB")
GREEN = HexColor("#1E8A4C")
REGULAR, BOLD = "Helvetica", "Helvetica-Bold"


def new_canvas(buffer: io.BytesIO, title: str) -> Canvas:
    """invariant=1 fixes the creation date and document id: the same input gives the same bytes."""
    canvas = Canvas(buffer, pagesize=A4, invariant=1, pageCompression=1)
    canvas.setTitle(title)
    canvas.setAuthor("Maroc Telecom")
    canvas.setCreator("Maroc Telecom e-facture")
    return canvas


def printable(text: str) -> str:
    """Text Helvetica can show: accents of other Latin scripts dropped (Ł -> L), other scripts left out.

    Without this, characters outside Helvetica's encoding print as black boxes. Arabic would need an
    embedded font plus shaping and bidi, which reportlab does not do; "—" stands for a value that
    had nothing printable.
    """
    try:
        text.encode("cp1252")
        return text
    except UnicodeEncodeError:
        pass
    kept = []
    for char in text.translate(_LATIN_WITHOUT_DECOMPOSITION):
        candidates = char if _encodable(char) else unicodedata.normalize("NFKD", char)
        kept.append("".join(c for c in candidates if _encodable(c) and not unicodedata.combining(c)))
    cleaned = " ".join("".join(kept).split())
    return cleaned or "—"


_LATIN_WITHOUT_DECOMPOSITION = str.maketrans("ŁłĐđıĦħ", "LlDdiHh")


def _encodable(char: str) -> bool:
    try:
        char.encode("cp1252")
        return True
    except UnicodeEncodeError:
        return False


def pdf_dh(amount: Decimal) -> str:
    return format_dh(amount, thousands_sep=" ")


def day(value: date) -> str:
    return value.strftime("%d/%m/%Y")


def month(value: date) -> str:
    return value.strftime("%m/%Y")


def local_minute(value: datetime) -> str:
    """An aware datetime as Moroccan customers read it: Casablanca time, dd/mm/yyyy HH:MM."""
    return value.astimezone(LOCAL_TZ).strftime("%d/%m/%Y %H:%M")


def draw_brand_header(canvas: Canvas, title: str, subtitle: str) -> float:
    """Blue band with a drawn logo mark, the brand name and the document title; returns its bottom."""
    height = 78.0
    bottom = PAGE_HEIGHT - height
    canvas.setFillColor(BLUE)
    canvas.rect(0, bottom, PAGE_WIDTH, height, stroke=0, fill=1)
    canvas.setFillColor(ORANGE)
    canvas.rect(0, bottom - 4, PAGE_WIDTH, 4, stroke=0, fill=1)
    _draw_logo_mark(canvas, MARGIN + 20, bottom + height / 2)
    canvas.setFillColor(white)
    canvas.setFont(BOLD, 21)
    canvas.drawString(MARGIN + 50, bottom + 38, "Maroc Telecom")
    canvas.setFont(REGULAR, 9.5)
    canvas.drawString(MARGIN + 51, bottom + 23, "e-facture · efacture.iam.ma")
    canvas.setFont(BOLD, 17)
    canvas.drawRightString(PAGE_WIDTH - MARGIN, bottom + 40, title)
    canvas.setFont(REGULAR, 9.5)
    canvas.drawRightString(PAGE_WIDTH - MARGIN, bottom + 24, subtitle)
    return bottom - 4


def _draw_logo_mark(canvas: Canvas, x: float, y: float) -> None:
    """A white disc with an orange dot and two signal arcs: a telecom mark without an image file."""
    canvas.setFillColor(white)
    canvas.circle(x, y, 19, stroke=0, fill=1)
    canvas.setFillColor(ORANGE)
    canvas.circle(x - 7, y - 7, 4.2, stroke=0, fill=1)
    canvas.setStrokeColor(BLUE)
    canvas.setLineCap(1)
    for radius, width in ((9.0, 2.6), (15.0, 2.6)):
        canvas.setLineWidth(width)
        canvas.arc(x - 7 - radius, y - 7 - radius, x - 7 + radius, y - 7 + radius, 5, 80)
    canvas.setLineCap(0)


def labelled_line(canvas: Canvas, x: float, y: float, label: str, value: str, value_x: float) -> None:
    """One "Label : value" line as a single text object, so extraction keeps it on one line."""
    text = canvas.beginText(x, y)
    text.setFillColor(MUTED)
    text.setFont(REGULAR, 9)
    text.textOut(f"{label} :")
    text.setFillColor(INK)
    text.setFont(BOLD, 9.5)
    text.setXPos(value_x - x)
    text.textOut(printable(value))
    canvas.drawText(text)


def rounded_box(canvas: Canvas, x: float, y: float, width: float, height: float,
                fill: Color = PALE, stroke: Color = RULE) -> None:
    canvas.setFillColor(fill)
    canvas.setStrokeColor(stroke)
    canvas.setLineWidth(0.8)
    canvas.roundRect(x, y, width, height, 6, stroke=1, fill=1)


def table_header(canvas: Canvas, y: float, left: str, right: str) -> float:
    """A blue header row across the content width; returns the baseline of the first data row."""
    width = PAGE_WIDTH - 2 * MARGIN
    canvas.setFillColor(BLUE)
    canvas.rect(MARGIN, y - 20, width, 20, stroke=0, fill=1)
    canvas.setFillColor(white)
    canvas.setFont(BOLD, 9.5)
    canvas.drawString(MARGIN + 10, y - 13.5, left)
    canvas.drawRightString(PAGE_WIDTH - MARGIN - 10, y - 13.5, right)
    return y - 36


def table_row(canvas: Canvas, y: float, left: str, right: str, font: str = REGULAR) -> float:
    """One data row with a hairline under it; returns the next row's baseline."""
    canvas.setFillColor(INK)
    canvas.setFont(font, 9.5)
    canvas.drawString(MARGIN + 10, y, printable(left))
    canvas.drawRightString(PAGE_WIDTH - MARGIN - 10, y, right)
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.5)
    canvas.line(MARGIN, y - 7, PAGE_WIDTH - MARGIN, y - 7)
    return y - 21


def section_title(canvas: Canvas, x: float, y: float, title: str) -> None:
    canvas.setFillColor(BLUE_DARK)
    canvas.setFont(BOLD, 11)
    canvas.drawString(x, y, title)
    canvas.setFillColor(ORANGE)
    canvas.rect(x, y - 5, 26, 2, stroke=0, fill=1)


def footer(canvas: Canvas, text: str) -> None:
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.6)
    canvas.line(MARGIN, 48, PAGE_WIDTH - MARGIN, 48)
    canvas.setFillColor(MUTED)
    canvas.setFont(REGULAR, 7.5)
    canvas.drawString(MARGIN, 36, text)
    canvas.drawRightString(PAGE_WIDTH - MARGIN, 36, f"Page {canvas.getPageNumber()}")


def draw_continuation_header(canvas: Canvas, title: str) -> float:
    """The slim band at the top of pages after the first; returns where content may start."""
    canvas.setFillColor(BLUE)
    canvas.rect(0, PAGE_HEIGHT - 34, PAGE_WIDTH, 34, stroke=0, fill=1)
    canvas.setFillColor(ORANGE)
    canvas.rect(0, PAGE_HEIGHT - 37, PAGE_WIDTH, 3, stroke=0, fill=1)
    canvas.setFillColor(white)
    canvas.setFont(BOLD, 11)
    canvas.drawString(MARGIN, PAGE_HEIGHT - 22, title)
    return PAGE_HEIGHT - 64
