"""Arabic is laid out right to left: numbers made of groups are isolated so they keep their order."""

from datetime import UTC, date, datetime
from decimal import Decimal

from conversations import formatting
from conversations.catalog import TEXTS_DIR, load_language
from conversations.formatting import LRI, PDI, Formatter


def test_an_arabic_call_number_is_isolated_so_it_does_not_read_78_56_34_12_06():
    assert Formatter("ar").msisdn("0612345678") == f"{LRI}06 12 34 56 78{PDI}"


def test_french_and_english_call_numbers_carry_no_invisible_character():
    assert Formatter("fr").msisdn("0612345678") == "06 12 34 56 78"
    assert Formatter("en").number("06 •• •• 39 49") == "06 •• •• 39 49"


def test_arabic_dates_and_times_are_isolated_in_morocco_time():
    assert formatting.moment(datetime(2026, 11, 21, 22, 16, tzinfo=UTC), "ar") == f"{LRI}21/11/2026 23:16{PDI}"
    assert formatting.day(date(2026, 3, 5), "ar") == f"{LRI}05/03/2026{PDI}"
    assert formatting.month(date(2026, 3, 1), "ar") == f"{LRI}03/2026{PDI}"


def test_an_arabic_amount_isolates_the_number_and_keeps_the_currency_word_after_it():
    assert Formatter("ar").money(Decimal("12345.5")) == f"{LRI}12\u202f345,50{PDI}\u00a0درهم"


def test_the_currency_never_wraps_away_from_its_amount():
    assert formatting.money(Decimal("424.51"), "fr").endswith("\u00a0DH")
    assert formatting.money(Decimal("424.51"), "en") == "424.51\u00a0DH"


def test_every_isolate_opened_in_the_arabic_catalog_is_closed_in_the_same_text():
    opened = [key for key, text in load_language(TEXTS_DIR / "ar").items()
              if sum(text.count(c) for c in "\u2066\u2067\u2068") != text.count(PDI)]
    assert opened == []
