from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from domain.accounts import LOCKOUT, Account
from domain.errors import InvalidAmount, InvalidPhoneNumber
from domain.invoices import DisplayStatus, Invoice, InvoiceFilter, InvoiceStatus
from domain.money import format_dh, mad, ttc_of
from domain.phone import display_msisdn, international, normalize_msisdn, service_of_msisdn
from domain.services import ServiceType

NOW = datetime(2026, 11, 21, 10, 0, tzinfo=UTC)


@pytest.mark.parametrize("raw", ["0612345678", "06 12 34 56 78", "06-12-34-56-78", "+212612345678",
                                 "00212612345678", "212612345678", "+212 (0)6 12 34 56 78", "612345678"])
def test_moroccan_numbers_in_every_usual_writing_normalize_to_the_national_form(raw):
    assert normalize_msisdn(raw) == "0612345678"


@pytest.mark.parametrize("raw", ["", "0812345678", "061234567", "06123456789", "abc", "+33612345678"])
def test_numbers_that_are_not_moroccan_lines_are_refused(raw):
    with pytest.raises(InvalidPhoneNumber):
        normalize_msisdn(raw)


def test_05_numbers_are_fixed_lines_and_06_07_mobile():
    assert service_of_msisdn("0522123456") is ServiceType.FIXE
    assert service_of_msisdn("0712345678") is ServiceType.MOBILE
    assert international("0612345678") == "+212612345678"
    assert display_msisdn("0612345678") == "06 12 34 56 78"


def test_amounts_are_two_decimal_dirhams_shown_the_french_way():
    assert mad("769,2") == Decimal("769.20")
    assert format_dh(Decimal("769.2")) == "769,20 DH"
    assert format_dh(Decimal("12345.5")) == "12\u202f345,50 DH"
    assert ttc_of(Decimal("641.00")) == Decimal("769.20")
    with pytest.raises(InvalidAmount):
        mad("12,3,4")


def test_an_unpaid_invoice_past_its_due_date_shows_as_overdue():
    invoice = Invoice("0000171682062019", "1716820", "0612345678", 1, date(2026, 9, 1),
                      date(2026, 10, 15), Decimal("641.00"))
    assert invoice.display_status(date(2026, 10, 15)) is DisplayStatus.UNPAID
    assert invoice.display_status(date(2026, 10, 16)) is DisplayStatus.OVERDUE
    assert InvoiceFilter(period=date(2026, 9, 1)).matches(invoice)
    assert not InvoiceFilter(msisdn="0700000000").matches(invoice)
    assert invoice.status is InvoiceStatus.UNPAID


def test_five_wrong_passwords_in_a_row_lock_the_account_for_fifteen_minutes():
    account = Account(1, "amina", "hash", ServiceType.MOBILE, (1,), None, False, NOW)
    for _ in range(4):
        account = account.after_failed_login(NOW)
        assert not account.is_locked(NOW)
    account = account.after_failed_login(NOW)
    assert account.is_locked(NOW + LOCKOUT - timedelta(seconds=1))
    assert not account.is_locked(NOW + LOCKOUT)
