"""Every SMS text, filled with realistic (long) values, fits in ONE SMS in every language."""

import pytest

from bot.sms.encoding import fits_one_sms, is_gsm7, sms_length
from bot.sms.texts import SmsCatalog
from conversations.catalog import placeholders

catalog = SmsCatalog(short_number="1117")
KEYS = sorted(key for key in catalog.catalog.texts["fr"] if key.startswith("sms."))
# The longest values a reply can carry: 8-digit code, 6-digit amount with thousands, a date.
VALUES = {"code": "48291375", "amount": "123 456,78 DH", "due_date": "31/12/2026"}


def test_every_language_has_the_same_sms_texts_with_the_same_placeholders():
    for language in ("ar", "en"):
        texts = catalog.catalog.texts[language]
        assert sorted(k for k in texts if k.startswith("sms.")) == KEYS
        for key in KEYS:
            # {short_number} is optional: the renderer always supplies it.
            expected = placeholders(catalog.catalog.texts["fr"][key]) - {"short_number"}
            assert placeholders(texts[key]) - {"short_number"} == expected, (language, key)


@pytest.mark.parametrize("language", ["fr", "ar", "en"])
@pytest.mark.parametrize("key", KEYS)
def test_each_text_fits_in_one_sms_with_realistic_values(language, key):
    text = catalog.render(key, language, **VALUES)
    assert "{" not in text, text
    assert fits_one_sms(text), f"{language} {key}: {sms_length(text)} units: {text}"


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("key", KEYS)
def test_french_and_english_texts_go_out_as_gsm_7bit_so_no_letter_is_altered(language, key):
    assert is_gsm7(catalog.render(key, language, **VALUES))


@pytest.mark.parametrize("key", KEYS)
def test_arabic_texts_are_arabic(key):
    text = catalog.render(key, "ar", **VALUES)
    assert not is_gsm7(text) and sms_length(text) <= 70
