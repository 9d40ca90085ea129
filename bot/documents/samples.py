"""Demo invoice and receipt, rendered to PDF and PNG: `python -m bot.documents.samples docs/`.

The PNGs in docs/ come from here so they can be regenerated after a layout change; the PNG step
needs `pdftoppm` (Debian package poppler-utils).
"""

import subprocess
import sys
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

from bot.documents import render_invoice_pdf, render_receipt_pdf
from domain.invoices import DetailKind, Invoice, InvoiceDetail, InvoiceStatus
from domain.lines import Line
from domain.receipts import Receipt, ReceiptLine
from domain.services import LineStatus, Segment, ServiceType

PAID_AT = datetime(2019, 6, 3, 9, 41, tzinfo=UTC)


def demo_line() -> Line:
    return Line(id=1, customer_number="10245879", service=ServiceType.FIXE, segment=Segment.PARTICULIER,
                holder_name="Fatima Zahra Bennani", activation_date=date(2016, 3, 14),
                status=LineStatus.ACTIVE, payment_code="483920", msisdn="0522456789",
                email="fz.bennani@example.ma", language="fr")


def demo_invoice(status: InvoiceStatus = InvoiceStatus.UNPAID) -> Invoice:
    details = (
        InvoiceDetail(DetailKind.SUBSCRIPTION, "Abonnement Fixe + Internet ADSL 20 Méga", Decimal("499.00")),
        InvoiceDetail(DetailKind.NATIONAL_CALLS, "Communications nationales (3 h 12 min)", Decimal("76.50")),
        InvoiceDetail(DetailKind.INTERNATIONAL_CALLS, "Communications internationales (14 min)", Decimal("42.00")),
        InvoiceDetail(DetailKind.OPTIONS, "Option Appels illimités vers les fixes", Decimal("23.50")),
    )
    return Invoice(number="0000171682062019", customer_number="10245879", msisdn="0522456789", line_id=1,
                   period=date(2019, 5, 1), due_date=date(2019, 6, 15), amount_ht=Decimal("641.00"),
                   status=status, details=details)


def demo_receipt() -> Receipt:
    lines = (ReceiptLine("0000171682062019", date(2019, 5, 1), Decimal("769.20")),)
    return Receipt(msisdn="0522456789", customer_number=None, email="fz.bennani@example.ma", paid_at=PAID_AT,
                   authorization_code="482913", lines=lines, payment_method="VISA",
                   masked_card="4000 00** **** 0002", total=Decimal("769.20"), transaction_id="100001001587",
                   order_id="IAM-20190603-000123", token="demo")


def write_samples(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, pdf in (("invoice-sample", render_invoice_pdf(demo_invoice(), demo_line())),
                      ("receipt-sample", render_receipt_pdf(demo_receipt()))):
        pdf_path = folder / f"{name}.pdf"
        pdf_path.write_bytes(pdf)
        # -singlefile writes <name>.png rather than <name>-1.png; 110 dpi keeps the PNG small but sharp.
        subprocess.run(["pdftoppm", "-png", "-r", "110", "-singlefile", str(pdf_path), str(folder / name)],
                       check=True)
        pdf_path.unlink()
        written.append(folder / f"{name}.png")
    return written


if __name__ == "__main__":
    for path in write_samples(Path(sys.argv[1] if len(sys.argv) > 1 else "docs")):
        print(path)
