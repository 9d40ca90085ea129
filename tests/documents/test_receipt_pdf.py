from datetime import UTC, date, datetime
from decimal import Decimal

from bot.documents import render_receipt_pdf
from domain.receipts import ReceiptLine
from tests.documents.builders import a_receipt
from tests.documents.pdf_reading import pdf_pages, pdf_text


def test_receipt_shows_every_field_of_the_guides_receipt():
    text = pdf_text(render_receipt_pdf(a_receipt()))
    for expected in ("Votre paiement a été effectué avec succès", "Numéro d'appel : 06 12 34 56 78",
                     "Courrier électronique : client@example.ma", "N° d'autorisation : A1B2C3",
                     "Num Facture : 0000171682062019 - Période : 05/2019", "Méthode de paiement : VISA",
                     "N° de carte : 4000 00** **** 0002", "Total", "769,20 DH",
                     "N° de transaction : 100001001587",
                     "En cas de problème, merci de contacter le 777 en indiquant le N° d'autorisation."):
        assert expected in text


def test_payment_date_is_casablanca_local_time_to_the_minute():
    receipt = a_receipt(paid_at=datetime(2024, 11, 21, 23, 30, tzinfo=UTC))
    assert "Date de paiement : 22/11/2024 00:30" in pdf_text(render_receipt_pdf(receipt))


def test_each_paid_invoice_has_its_own_line_and_the_total_sums_them():
    lines = (ReceiptLine("0000171682062019", date(2019, 5, 1), Decimal("769.20")),
             ReceiptLine("0000171682072019", date(2019, 6, 1), Decimal("1230.00")))
    text = pdf_text(render_receipt_pdf(a_receipt(lines=lines, total=Decimal("1999.20"))))
    assert "Num Facture : 0000171682062019 - Période : 05/2019\n769,20 DH" in text
    assert "Num Facture : 0000171682072019 - Période : 06/2019\n1 230,00 DH" in text
    assert "Total\n1 999,20 DH" in text


def test_a_card_number_given_in_clear_is_masked_to_its_last_four_digits():
    text = pdf_text(render_receipt_pdf(a_receipt(masked_card="4000000000000002")))
    assert "N° de carte : **** **** **** 0002" in text
    assert "4000000000000002" not in text


def test_internet_receipt_shows_the_numero_client_instead_of_a_call_number():
    text = pdf_text(render_receipt_pdf(a_receipt(msisdn=None, customer_number="30451208")))
    assert "N° client : 30451208" in text
    assert "Numéro d'appel" not in text


def test_same_receipt_renders_the_same_bytes_twice():
    assert render_receipt_pdf(a_receipt()) == render_receipt_pdf(a_receipt())


def test_a_receipt_for_many_invoices_continues_on_a_second_page():
    lines = tuple(ReceiptLine(f"{n:016d}", date(2019, 5, 1), Decimal("10.00")) for n in range(30))
    pages = pdf_pages(render_receipt_pdf(a_receipt(lines=lines, total=Decimal("300.00"))))
    assert len(pages) == 2
    assert "Num Facture : 0000000000000029" in pages[1] and "300,00 DH" in pages[1]
    assert "N° d'autorisation" in pages[1]
