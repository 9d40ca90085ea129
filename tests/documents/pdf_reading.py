"""Reading PDFs back the way a customer's viewer would: pypdf text, and text lines by position."""

import io
from collections import defaultdict

from pypdf import PdfReader


def pdf_pages(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def pdf_text(pdf: bytes) -> str:
    return "\n".join(pdf_pages(pdf))


def visual_lines(pdf: bytes, page: int = 0, max_x: float = 1e9) -> list[tuple[float, str]]:
    """Text starting left of `max_x`, grouped by baseline, top of the page first: (y, line)."""
    runs: dict[float, list[tuple[float, str]]] = defaultdict(list)

    def visit(text, cm, tm, font, size):
        x, y = tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5]
        if text.strip():
            runs[round(y, 1)].append((x, text.strip()))

    PdfReader(io.BytesIO(pdf)).pages[page].extract_text(visitor_text=visit)
    lines = []
    for y, parts in runs.items():
        kept = [text for x, text in sorted(parts) if x < max_x]
        if kept:
            lines.append((y, " ".join(kept)))
    return sorted(lines, reverse=True)
