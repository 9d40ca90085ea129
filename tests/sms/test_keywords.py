from decimal import Decimal

import pytest

from bot.sms.encoding import coding_of, fits_one_sms, is_gsm7, sms_length
from domain.sms_keywords import Keyword, language_of, normalise_word, parse_keyword, sms_amount
from tests.sms.builders import line


@pytest.mark.parametrize("text", ["code", "CODE", " Code ", "\tcOdE\n", "Çode".replace("Ç", "C")])
def test_code_is_recognised_in_any_case_and_with_spaces_around(text):
    assert parse_keyword(text)[0] is Keyword.CODE


@pytest.mark.parametrize("text", ["facture", "FACTURE", "Facturé", "FACTURÉ ", "factures", " bill"])
def test_facture_is_recognised_with_or_without_accents(text):
    assert parse_keyword(text)[0] is Keyword.FACTURE


@pytest.mark.parametrize("text", ["aide", "AIDE", "Aidé", "help", "HELP", "مساعدة"])
def test_aide_and_help_ask_for_the_list_of_keywords(text):
    assert parse_keyword(text)[0] is Keyword.AIDE


@pytest.mark.parametrize("text", ["codes", "code svp", "cod", "mon code", "", "   ", "solde", "factur"])
def test_only_the_exact_keyword_counts_not_a_prefix_or_a_sentence(text):
    assert parse_keyword(text)[0] is Keyword.UNKNOWN


def test_arabic_keywords_are_understood_and_hint_an_arabic_reply():
    assert parse_keyword(" رمز ") == (Keyword.CODE, "ar")
    assert parse_keyword("فاتورة") == (Keyword.FACTURE, "ar")


def test_normalising_squeezes_inner_spaces_and_drops_accents():
    assert normalise_word("  Fid\u00e9lio   CODE ") == "fidelio code"


def test_the_line_language_wins_over_the_word_typed_and_french_is_the_default():
    assert language_of(line(language="en"), "ar") == "en"
    assert language_of(line(language=None), "ar") == "ar"
    assert language_of(None, None) == "fr"
    assert language_of(line(language="de"), None) == "fr"


def test_amounts_use_a_comma_and_plain_spaces_that_gsm_can_carry():
    assert sms_amount(Decimal("769.20"), "fr") == "769,20 DH"
    assert sms_amount(Decimal("12345.5"), "fr") == "12 345,50 DH"
    assert sms_amount(Decimal("769.2"), "en") == "769.20 DH"
    assert is_gsm7(sms_amount(Decimal("12345.5"), "fr"))


def test_french_accents_of_the_gsm_alphabet_stay_7_bit_but_arabic_and_c_cedilla_need_ucs2():
    assert coding_of("Votre code fidélio à payer où") == 0
    assert coding_of("reçu") == 2
    assert coding_of("رمز") == 2


def test_lengths_count_septets_with_escapes_or_utf16_units():
    assert sms_length("a€") == 3
    assert sms_length("رمز") == 3
    assert fits_one_sms("a" * 160) and not fits_one_sms("a" * 161)
    assert fits_one_sms("ر" * 70) and not fits_one_sms("ر" * 71)
