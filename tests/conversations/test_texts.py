from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from conversations import formatting
from conversations.catalog import LANGUAGES, TEXTS_DIR, Catalog, load_language, placeholders


def _areas() -> set[str]:
    return {path.name for lang in LANGUAGES for path in (TEXTS_DIR / lang).glob("*.yaml")}


@pytest.mark.parametrize("area", sorted(_areas()))
def test_every_area_file_exists_in_every_language(area):
    missing = [lang for lang in LANGUAGES if not (TEXTS_DIR / lang / area).exists()]
    assert missing == []


@pytest.mark.parametrize("lang", [lang for lang in LANGUAGES if lang != "fr"])
def test_every_language_has_exactly_the_french_keys(lang):
    french, other = load_language(TEXTS_DIR / "fr"), load_language(TEXTS_DIR / lang)
    assert sorted(set(french) - set(other)) == [], f"missing in {lang}"
    assert sorted(set(other) - set(french)) == [], f"only in {lang}"


@pytest.mark.parametrize("lang", [lang for lang in LANGUAGES if lang != "fr"])
def test_every_text_has_the_same_placeholders_as_in_french(lang):
    french, other = load_language(TEXTS_DIR / "fr"), load_language(TEXTS_DIR / lang)
    differing = [key for key in french if key in other and placeholders(french[key]) != placeholders(other[key])]
    assert differing == []


def test_no_text_is_empty():
    catalog = Catalog.load()
    assert [(lang, key) for lang, texts in catalog.texts.items() for key, value in texts.items()
            if not value.strip()] == []


def test_a_missing_placeholder_value_still_gives_a_readable_text():
    catalog = Catalog({"fr": {"a.b": "Bonjour {name}"}})
    assert catalog.text("fr", "a.b") == "Bonjour {name}"
    assert catalog.text("en", "a.b", name="Ali") == "Bonjour Ali"


def test_amounts_read_like_the_guides_in_french_and_naturally_elsewhere():
    assert formatting.money(Decimal("769.2"), "fr") == "769,20\u00a0DH"
    assert formatting.money(Decimal("12345.5"), "fr") == "12\u202f345,50\u00a0DH"
    assert formatting.money(Decimal("12345.5"), "en") == "12,345.50\u00a0DH"
    assert formatting.money(Decimal("769.2"), "ar") == "\u2066769,20\u2069\u00a0درهم"


def test_dates_are_day_month_year_in_morocco_time():
    assert formatting.day(date(2026, 3, 5)) == "05/03/2026"
    assert formatting.day(datetime(2026, 6, 4, 23, 30, tzinfo=UTC)) == "05/06/2026"
    assert formatting.month(date(2026, 3, 1)) == "03/2026"
