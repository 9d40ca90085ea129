"""Invoice and receipt PDF rendering time (and the captcha image), against reportlab drawing one page of plain text.

Run: .venv/bin/python bench/bench_pdf.py [--renders N]
The floor is the cheapest useful reportlab document (one page, 40 lines of Helvetica, same
invariant and compression settings), measured in the same run so the ratio survives a noisy,
shared machine. Target: median <= 10 ms per invoice PDF.
"""

import argparse
import io
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.pdfgen.canvas import Canvas  # noqa: E402

from bench._report import median, percentile, write_section  # noqa: E402
from bot.documents import new_captcha, render_invoice_pdf, render_receipt_pdf  # noqa: E402
from bot.documents.samples import demo_invoice, demo_line, demo_receipt  # noqa: E402

TARGET_MS = 10.0


def plain_text_page() -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=1, pageCompression=1)
    canvas.setFont("Helvetica", 10)
    for row in range(40):
        canvas.drawString(40, 800 - row * 18, f"Ligne {row} : Maroc Telecom facture 0000171682062019 769,20 DH")
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def timings(render: Callable[[], bytes], renders: int) -> list[float]:
    for _ in range(10):  # warm-up: imports, font metrics, caches
        render()
    samples = []
    for _ in range(renders):
        start = time.perf_counter()
        render()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--renders", type=int, default=400)
    renders = parser.parse_args().renders
    invoices = [replace(demo_invoice(), number=f"{n:016d}") for n in range(renders)]
    line, receipt = demo_line(), demo_receipt()
    counter = iter(range(10**9))  # distinct invoices: nothing can be served from a cache
    cases = {
        "floor: one page of plain text": timings(plain_text_page, renders),
        "invoice PDF (4 detail lines)": timings(lambda: render_invoice_pdf(invoices[next(counter) % renders], line),
                                                renders),
        "receipt PDF": timings(lambda: render_receipt_pdf(receipt), renders),
        "captcha PNG (Pillow, for comparison)": timings(lambda: new_captcha().png, renders),
    }
    floor = median(cases["floor: one page of plain text"])
    rows = ["| case | median ms | p99 ms | × floor |", "|---|---:|---:|---:|"]
    for name, samples in cases.items():
        rows.append(f"| {name} | {median(samples):.2f} | {percentile(samples, 99):.2f} | {median(samples) / floor:.1f} |")
    invoice_median = median(cases["invoice PDF (4 detail lines)"])
    verdict = "met" if invoice_median <= TARGET_MS else "MISSED"
    body = "\n".join(rows) + (f"\n\n{renders} renders each after 10 warm-ups. Target median ≤ {TARGET_MS:.0f} ms "
                              f"per invoice PDF: {verdict} ({invoice_median:.2f} ms).")
    write_section("pdf", "Invoice and receipt PDFs", body, "python bench/bench_pdf.py")
    return 0 if invoice_median <= TARGET_MS else 1


if __name__ == "__main__":
    raise SystemExit(main())
