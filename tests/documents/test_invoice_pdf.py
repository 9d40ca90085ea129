import hashlib
import os
import subprocess
import sys
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

from bot.documents import render_invoice_pdf
from domain.invoices import DetailKind, InvoiceDetail, InvoiceStatus
from domain.services import ServiceType
from tests.documents.builders import a_line, an_invoice
from tests.documents.pdf_reading import pdf_pages, pdf_text, visual_lines

HALF_PAGE = 297.0


def test_invoice_shows_the_references_a_customer_needs_to_pay():
    text = pdf_text(render_invoice_pdf(an_invoice(), a_line()))
    for expected in ("Maroc Telecom", "N° de facture : 0000171682062019", "N° client : 30451208",
                     "Numéro d'appel : 05 37 77 11 22", "Code de paiement : 731905", "YOUSSEF EL AMRANI",
                     "Échéance : 05/2019", "Date limite de paiement : 15/06/2019", "777"):
        assert expected in text


def test_invoice_shows_details_total_ht_vat_and_ttc_in_dirhams():
    text = pdf_text(render_invoice_pdf(an_invoice(), a_line()))
    for expected in ("Abonnement Fixe", "600,00 DH", "Appels nationaux", "41,00 DH",
                     "Total HT", "641,00 DH", "TVA 20 %", "128,20 DH", "Total TTC", "769,20 DH"):
        assert expected in text


def test_code_de_paiement_is_the_fifth_line_at_the_left_of_the_customer_block():
    pdf = render_invoice_pdf(an_invoice(), a_line())
    left = [text for _, text in visual_lines(pdf, max_x=HALF_PAGE)]
    block = left[left.index("Titulaire : YOUSSEF EL AMRANI"):]
    assert block[4] == "Code de paiement : 731905"


def test_code_de_paiement_is_the_fifth_customer_line_in_extraction_order_too():
    lines = pdf_pages(render_invoice_pdf(an_invoice(), a_line()))[0].splitlines()
    first = next(i for i, text in enumerate(lines) if text.startswith("Titulaire"))
    assert lines[first + 4] == "Code de paiement : 731905"


def test_mobile_invoice_points_to_the_code_fidelio_sms_instead_of_printing_it():
    line = a_line(service=ServiceType.MOBILE, msisdn="0612345678", payment_code="990011")
    text = pdf_text(render_invoice_pdf(an_invoice(msisdn="0612345678"), line))
    assert "990011" not in text
    assert "1117" in text


def test_internet_invoice_without_call_number_still_keeps_the_code_on_the_fifth_line():
    line = a_line(service=ServiceType.INTERNET, msisdn=None)
    pdf = render_invoice_pdf(an_invoice(msisdn=None), line)
    left = [text for _, text in visual_lines(pdf, max_x=HALF_PAGE)]
    block = left[left.index("Titulaire : YOUSSEF EL AMRANI"):]
    assert block[2] == "Numéro d'appel : —"
    assert block[4] == "Code de paiement : 731905"
    assert "numéro client" in pdf_text(pdf)


def test_invoice_without_details_bills_subscription_and_usage_at_the_ht_amount():
    text = pdf_text(render_invoice_pdf(an_invoice(details=()), a_line()))
    assert "Abonnement et consommations" in text
    assert text.count("641,00 DH") == 2  # the detail line and the total HT


def test_large_amounts_group_thousands_with_a_space():
    text = pdf_text(render_invoice_pdf(an_invoice(amount_ht=Decimal("10287.92"), details=()), a_line()))
    assert "12 345,50 DH" in text


def test_same_invoice_renders_the_same_bytes_twice():
    assert render_invoice_pdf(an_invoice(), a_line()) == render_invoice_pdf(an_invoice(), a_line())


def test_different_invoices_render_different_bytes():
    other = an_invoice(number="0000171682062020")
    assert render_invoice_pdf(an_invoice(), a_line()) != render_invoice_pdf(other, a_line())


def test_paid_invoice_says_when_it_was_paid_in_casablanca_time():
    invoice = an_invoice(status=InvoiceStatus.PAID, paid_at=datetime(2024, 11, 30, 23, 30, tzinfo=UTC))
    assert "Facture payée le 01/12/2024" in pdf_text(render_invoice_pdf(invoice, a_line()))


def test_english_invoice_uses_english_labels_and_arabic_falls_back_to_french():
    english = pdf_text(render_invoice_pdf(an_invoice(), a_line(), language="en"))
    arabic = pdf_text(render_invoice_pdf(an_invoice(), a_line(), language="ar"))
    assert "Invoice number : 0000171682062019" in english
    assert "Payment code : 731905" in english
    assert "N° de facture : 0000171682062019" in arabic


def test_long_detail_list_continues_on_next_pages_and_keeps_the_slip_on_page_one():
    details = tuple(InvoiceDetail(DetailKind.OPTIONS, f"Option {n}", Decimal("10.00")) for n in range(40))
    pages = pdf_pages(render_invoice_pdf(an_invoice(amount_ht=Decimal("400.00"), details=details), a_line()))
    later = "\n".join(pages[1:])
    assert "Option 0" in pages[0] and "Option 39" in later
    assert "Total TTC\n480,00 DH" in later
    assert "Talon de paiement" in pages[0] and "Talon de paiement" not in later
    assert "Code de paiement : 731905" in pages[0]


def test_long_holder_name_is_shortened_so_it_stays_in_its_column():
    line = a_line(holder_name="Société Générale des Travaux et Équipements du Maroc Oriental")
    left = [text for _, text in visual_lines(render_invoice_pdf(an_invoice(), line), max_x=HALF_PAGE)]
    holder = next(text for text in left if text.startswith("Titulaire"))
    assert holder.startswith("Titulaire : SOCIÉTÉ GÉNÉRALE") and holder.endswith("…")


def test_names_outside_helvetica_never_print_as_black_boxes():
    polish = pdf_text(render_invoice_pdf(an_invoice(), a_line(holder_name="Łukasz Wójcik")))
    arabic = pdf_text(render_invoice_pdf(an_invoice(), a_line(holder_name="محمد العلوي")))
    assert "Titulaire : LUKASZ WÓJCIK" in polish
    assert "Titulaire : —" in arabic
    assert "■" not in polish + arabic


def test_another_process_renders_the_same_bytes_so_a_shared_cache_stays_valid():
    script = ("import hashlib, sys; from tests.documents.builders import a_line, an_invoice; "
              "from bot.documents import render_invoice_pdf; "
              "sys.stdout.write(hashlib.sha256(render_invoice_pdf(an_invoice(), a_line())).hexdigest())")
    other = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                           env={**os.environ, "PYTHONHASHSEED": "123"}, cwd=Path(__file__).parents[2])
    assert other.stdout == hashlib.sha256(render_invoice_pdf(an_invoice(), a_line())).hexdigest()
