"""The confirmation SMS text: amount, N° d'autorisation and 777, in the payment's language, one SMS."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from bot.payment_events import PaymentNotifier
from bot.sms.encoding import fits_one_sms, is_gsm7
from domain.payment_usecases import build_receipt
from domain.payments import Payment
from domain.receipts import ReceiptLine

NOW = datetime(2026, 11, 21, 10, 0, tzinfo=UTC)
LRI, PDI = "\u2066", "\u2069"


def approved(total: str, language: str | None, notify: str | None = "0612393949") -> Payment:
    payment = Payment("IAM1", ("0000000001112026",), Decimal(total), "a@example.ma", NOW, msisdn="0612393949",
                      notify_msisdn=notify, language=language)
    return payment.approved(transaction_id="T-1", authorization_code="482193", masked_card="4111 11** **** 1111",
                            now=NOW, receipt_token="tok")


def sms_of(payment: Payment):
    receipt = build_receipt(payment, [ReceiptLine("0000000001112026", NOW.date(), payment.total)])
    return PaymentNotifier("http://bot.example").confirmation_sms(payment, receipt)


@pytest.mark.parametrize("language, amount", [("fr", "769,20 DH"), (None, "769,20 DH"), ("xx", "769,20 DH"),
                                              ("en", "769.20 DH")])
def test_french_and_english_texts_stay_in_the_gsm_alphabet_and_one_sms(language, amount):
    sms = sms_of(approved("769.20", language))
    assert amount in sms.body and "482193" in sms.body and "777" in sms.body
    assert is_gsm7(sms.body) and fits_one_sms(sms.body)
    assert ("Numéro d'autorisation" in sms.body) == (language != "en")  # French when the language is unknown


def test_the_arabic_text_isolates_its_numbers_and_fits_one_ucs2_sms_even_for_a_large_amount():
    for total in ("769.20", "123456.78"):
        sms = sms_of(approved(total, "ar"))
        assert f"{LRI}482193{PDI}" in sms.body and f"{LRI}777{PDI}" in sms.body and "درهم" in sms.body
        assert not is_gsm7(sms.body) and fits_one_sms(sms.body)
    assert f"{LRI}769,20{PDI}" in sms_of(approved("769.20", "ar")).body


def test_no_sms_when_the_subscriber_did_not_ask():
    assert sms_of(approved("769.20", "fr", notify=None)) is None
