from datetime import UTC, date, datetime

import pytest

from domain.invoices import InvoiceStatus
from storage.billing_import.records import (
    RowProblems,
    header_key,
    kind_of,
    parse_cents,
    parse_invoice,
    parse_moment,
    parse_month,
)


@pytest.mark.parametrize(("raw", "cents"), [("641,00", 64100), ("1 234,5", 123450), ("769.20", 76920),
                                            ("0", 0), ("12", 1200)])
def test_amounts_are_read_in_centimes_with_either_decimal_separator(raw, cents):
    assert parse_cents(raw) == cents


@pytest.mark.parametrize("raw", ["12,3,4", "12.345", "-5", "", "abc", "1e3", "12,"])
def test_amounts_with_more_than_two_decimals_a_sign_or_garbage_are_malformed(raw):
    with pytest.raises(ValueError):
        parse_cents(raw)


def test_headers_ignore_accents_case_and_spacing_and_name_the_kind_of_file():
    header = [header_key(cell) for cell in ("Numéro facture", "N° client", "Numéro d'appel", "Échéance",
                                            "Date limite", "Montant HT")]
    assert header[:4] == ["numero_facture", "numero_client", "numero_appel", "echeance"]
    assert kind_of(["numero_facture", "numero_client", "echeance", "date_limite", "montant_ht"]) == "invoices"
    assert kind_of(["numero_client", "service", "titulaire", "date_activation", "code_paiement"]) == "lines"
    assert kind_of(["numero_client", "bogus"]) is None


def test_months_dates_and_payment_times_in_the_usual_writings():
    assert parse_month("2026-09") == parse_month("09/2026") == parse_month("2026-09-01") == date(2026, 9, 1)
    for bad in ("2026-13", "2026-9", "26-09", "septembre"):
        with pytest.raises(ValueError):
            parse_month(bad)
    assert parse_moment("2026-10-12T10:42") == datetime(2026, 10, 12, 9, 42, tzinfo=UTC)  # Casablanca +01
    assert parse_moment("12/10/2026") == datetime(2026, 10, 11, 23, 0, tzinfo=UTC)


def test_french_statuses_with_or_without_accents_are_understood():
    cells = {"numero_facture": "0000171682092026", "numero_client": "1716820", "echeance": "2026-09",
             "date_limite": "2026-10-31", "montant_ht": "641,00", "date_paiement": "2026-10-12"}
    assert parse_invoice({**cells, "statut": "Payée"}).status is InvoiceStatus.PAID
    assert parse_invoice({**cells, "statut": "impayee"}).status is InvoiceStatus.UNPAID
    assert parse_invoice({**cells, "statut": "Non payée"}).status is InvoiceStatus.UNPAID
    with pytest.raises(RowProblems) as problems:
        parse_invoice({**cells, "statut": "PAID", "date_paiement": "", "montant_ht": "x"})
    assert problems.value.problems == ["malformed amount 'x'", "a PAID invoice needs its date_paiement"]
