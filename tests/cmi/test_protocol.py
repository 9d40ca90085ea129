from datetime import UTC, datetime
from decimal import Decimal

import pytest

from bot.cmi.codes import DECLINE_REASONS, decline_text_key, meaning
from bot.cmi.hashing import verify
from bot.cmi.protocol import ANSWERS, MerchantUrls, ascii_name, request_fields, result_of
from conversations.catalog import Catalog, placeholders
from domain.payment_usecases import Settlement
from domain.payments import Payment

URLS = MerchantUrls("https://bot/pay/ok", "https://bot/pay/fail", "https://bot/cmi/callback", "https://bot/pay/x")


def a_payment(total: str = "150") -> Payment:
    return Payment("IAM1", ("0000171682062019",), Decimal(total), "a@b.ma",
                   datetime(2026, 11, 21, tzinfo=UTC), customer_number="1234567")


def test_the_request_carries_the_stored_amount_with_two_decimals_and_a_verifiable_hash():
    fields = request_fields(a_payment("150"), client_id="600000000", urls=URLS, lang="en", store_key="K|\\")
    assert fields["amount"] == "150.00" and fields["currency"] == "504" and fields["lang"] == "en"
    assert fields["CallbackResponse"] == "true" and fields["callbackUrl"] == URLS.callback
    assert list(fields)[-1] == "HASH" and verify(fields, "K|\\")


def test_an_unknown_language_falls_back_to_french_and_each_request_gets_a_new_rnd():
    first = request_fields(a_payment(), client_id="1", urls=URLS, lang="de", store_key="K")
    second = request_fields(a_payment(), client_id="1", urls=URLS, lang="fr", store_key="K")
    assert first["lang"] == "fr" and first["rnd"] != second["rnd"]


@pytest.mark.parametrize(("raw", "sent"), [("Hélène Ça-Büro", "Helene Ca Buro"), ("فاطمة", "Client"),
                                            ("  O'Neil  &  Co ", "O Neil Co")])
def test_the_bill_to_name_is_sent_without_accents_or_punctuation(raw, sent):
    assert ascii_name(raw) == sent


def test_the_callback_result_is_read_whatever_the_names_case():
    result = result_of({"OID": "IAM1", "Amount": "150.00", "procreturncode": "00", "transid": "T1",
                        "authcode": "A1", "MaskedPan": "400000***0010"})
    assert (result.order_id, result.amount, result.approved, result.masked_card) == (
        "IAM1", "150.00", True, "400000***0010")


def test_a_missing_proc_return_code_is_not_an_approval():
    assert result_of({"oid": "IAM1", "amount": "1.00"}).return_code is None
    assert not result_of({"oid": "IAM1", "amount": "1.00"}).approved


def test_the_answers_are_exactly_the_three_words_cmi_expects():
    assert ANSWERS == {Settlement.CAPTURE: "ACTION=POSTAUTH", Settlement.ACKNOWLEDGE: "APPROVED",
                       Settlement.REJECT: "FAILURE"}


@pytest.mark.parametrize(("code", "key"), [("51", "insufficient_funds"), ("05", "refused_by_bank"),
                                           ("54", "expired_card"), ("33", "expired_card"),
                                           ("14", "invalid_card"), ("99", "technical"), (None, "other"),
                                           ("77", "other")])
def test_common_return_codes_have_a_plain_words_reason(code, key):
    assert decline_text_key(code) == f"payment.decline.{key}"
    assert meaning(code)


def test_every_payment_text_exists_in_french_arabic_and_english_with_the_same_placeholders():
    catalog = Catalog.load()
    french = {k: v for k, v in catalog.texts["fr"].items() if k.startswith("payment.")}
    assert {f"payment.decline.{reason}" for reason in DECLINE_REASONS} <= set(french)
    for lang in ("ar", "en"):
        other = {k: v for k, v in catalog.texts[lang].items() if k.startswith("payment.")}
        assert set(other) == set(french), lang
        assert all(placeholders(other[k]) == placeholders(v) for k, v in french.items()), lang
