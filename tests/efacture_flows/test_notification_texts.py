"""The SMS and emails e-facture sends, from the catalogs, in the subscriber's language."""

from datetime import UTC, datetime

import pytest

from bot.notification_texts import CatalogNotificationTexts
from bot.sms.encoding import fits_one_sms, is_gsm7
from domain.efacture.identity import LOGIN_MAX
from domain.efacture.passwords import generate_password

TEXTS = CatalogNotificationTexts()


@pytest.mark.parametrize("language", ["fr", "en", "ar"])
def test_the_password_sms_fits_one_message_even_with_the_longest_login(language):
    password = generate_password()
    sms = TEXTS.temporary_password_sms("a" * LOGIN_MAX, password, language)
    assert password in sms and fits_one_sms(sms)
    assert is_gsm7(sms) == (language != "ar")  # French and English never pay for UCS-2


@pytest.mark.parametrize("language", ["fr", "en", "ar"])
def test_the_password_email_carries_the_login_and_the_password(language):
    subject, body = TEXTS.temporary_password_email("amina", "Ab3dEf5hJk", language)
    assert subject and "amina" in body and "Ab3dEf5hJk" in body


def test_the_email_code_message_says_until_when_in_morocco_time():
    subject, body = TEXTS.email_change_code("amina", "123456", datetime(2026, 11, 21, 10, 30, tzinfo=UTC), "fr")
    assert "123456" in body and "21/11/2026 11:30" in body and "e-facture" in subject


def test_an_unknown_language_falls_back_to_french():
    assert "mot de passe provisoire" in TEXTS.temporary_password_sms("amina", "Ab3dEf5hJk", "de")
