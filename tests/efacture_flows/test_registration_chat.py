"""Créer un compte e-facture, talked through the real engine."""

import pytest

from conversations.messages import OutboundKind
from domain.ports import Channel
from tests.efacture_flows.conftest import last_message, password_in
from tests.efacture_flows.helpers import fill_form, kinds, register_mobile

MENU = "Que souhaitez-vous faire ?"


async def test_a_mobile_subscriber_creates_an_account_and_is_told_where_the_sms_went(chat, captchas, data):
    await fill_form(chat, "Mobile", "06 12 34 56 78", "1716820", "Amina", "amina@gmail.com", "amina@gmail.com")
    assert OutboundKind.IMAGE in kinds(chat) and "recopiez les caractères" in chat.text
    await chat.say(captchas.answer.lower())
    assert "envoyé par SMS au 06 •• •• 56 78" in chat.text and "valable 24 heures" in chat.text
    sms = last_message(data, "0612345678")
    assert sms.channel is Channel.SMS and password_in(sms)
    assert [a.login for a in data.accounts.values()] == ["amina"]
    assert chat.labels[0] == "Créer un compte e-facture"  # back at the main menu


async def test_fixe_asks_the_code_de_paiement_as_a_secret_and_sends_the_password_by_email(chat, captchas, data):
    await fill_form(chat, "Fixe", "0522123456", "5550001")
    assert "code de paiement" in chat.text and chat.replies[-1].secret_input
    await chat.say("4821")
    assert kinds(chat)[0] is OutboundKind.DELETE_USER_MESSAGE
    for answer in ("fixe.user", "amina.b@gmail.com", "amina.b@gmail.com"):
        await chat.say(answer)
    await chat.say(captchas.answer)
    assert "par e-mail à l'adresse a•••@gmail.com" in chat.text
    assert last_message(data, "amina.b@gmail.com").channel is Channel.EMAIL


async def test_internet_asks_the_numero_client_then_the_code_and_covers_the_duo_lines(chat, captchas, data):
    await fill_form(chat, "Internet (ou pack Duo)", "7770001")
    assert "code de paiement" in chat.text
    for answer in ("3131", "duo.home", "duo@menara.ma", "duo@menara.ma"):
        await chat.say(answer)
    await chat.say(captchas.answer)
    assert "d•••@menara.ma" in chat.text
    assert next(iter(data.accounts.values())).line_ids == (3, 4)


async def test_nothing_of_the_code_de_paiement_or_captcha_is_kept_in_clear(chat, captchas, store):
    await fill_form(chat, "Fixe", "0522123456", "5550001", "4821", "fixe.user", "f@gmail.com", "f@gmail.com")
    stored = str((await store.load(chat.key)).data)
    assert "4821" not in stored and captchas.answer not in stored and "secret:captcha" in stored


@pytest.mark.parametrize("service, typed, expected", [
    ("Mobile", "12345", "n'est pas valide"),
    ("Mobile", "0522123456", "ligne fixe (05…)"),
    ("Fixe", "0612345678", "ligne Mobile (06 ou 07)"),
    ("Internet (ou pack Duo)", "12ab", "Ce numéro client n'est pas valide"),
])
async def test_each_badly_typed_identifier_gets_its_own_message_and_is_asked_again(chat, service, typed, expected):
    await fill_form(chat, service, typed)
    assert expected in chat.text and "Saisissez" in chat.texts[-1]


async def test_every_form_field_is_validated_with_a_clear_message(chat):
    await fill_form(chat, "Mobile", "0612345678", "12")
    assert "de 6 à 12 chiffres" in chat.text
    for answer, expected in (("1716820", "Choisissez votre login"), ("1a", "de 4 à 32 caractères"),
                             ("amina", "adresse e-mail"), ("not-an-email", "n'est pas valide"),
                             ("a@gmail.com", "à nouveau"), ("b@gmail.com", "sont différentes")):
        await chat.say(answer)
        assert expected in chat.text
    assert chat.texts[-1].split("\n")[0] == "Saisissez votre adresse e-mail."  # both addresses are asked again


async def test_an_entreprise_line_is_sent_to_the_agence_commerciale(chat):
    await fill_form(chat, "Mobile", "0661000005", "8880001")
    assert "agence commerciale" in chat.text and MENU in chat.text


async def test_a_line_activated_this_month_may_register_from_the_first_of_next_month(chat):
    await fill_form(chat, "Mobile", "0661000006", "8880002")
    assert "à partir du 01/12/2026" in chat.text and MENU in chat.text


@pytest.mark.parametrize("service, answers", [
    ("Mobile", ["0699999999", "1716820"]),            # unknown line
    ("Mobile", ["0612345678", "1716821"]),            # numéro client of another customer
    ("Mobile", ["0661000007", "8880003"]),            # terminated line
    ("Fixe", ["0522123456", "5550001", "1111"]),      # wrong code de paiement
    ("Internet (ou pack Duo)", ["7770001", "0000"]),  # wrong code de paiement
])
async def test_every_failed_ownership_check_gets_one_message_that_names_no_field(chat, service, answers):
    await fill_form(chat, service, *answers)
    assert "Nous n'avons pas pu vérifier ces informations" in chat.text
    assert chat.labels == ["Réessayer", "Menu principal"]


async def test_after_details_that_do_not_match_the_same_service_asks_them_again(chat, captchas):
    await fill_form(chat, "Mobile", "0612345678", "1716821")
    await chat.tap("Réessayer")
    assert "ligne Mobile" in chat.text and "Réessayer" not in chat.labels
    await chat.say("0612345678")
    await chat.say("1716820")
    assert "Choisissez votre login" in chat.text


async def test_a_line_with_an_account_offers_to_log_in_or_get_a_new_password(chat, captchas):
    await register_mobile(chat, captchas)
    await fill_form(chat, "Mobile", "0612345678", "1716820")
    assert "déjà associée à un compte" in chat.text
    assert {"Se connecter", "Mot de passe oublié"} <= set(chat.labels)
    await chat.tap("Mot de passe oublié")
    assert "Saisissez votre login" in chat.text


async def test_a_wrong_captcha_gets_a_new_image_and_the_third_ends_the_registration(chat, captchas, data):
    await fill_form(chat, "Mobile", "0612345678", "1716820", "amina", "a@gmail.com", "a@gmail.com")
    first = captchas.answer
    await chat.say("XXXXX")
    assert "nouvelle image" in chat.text and OutboundKind.IMAGE in kinds(chat)
    await chat.say(first)  # the old image's answer no longer counts
    await chat.say("YYYYY")
    assert "trois reprises" in chat.text and MENU in chat.text
    assert data.accounts == {}


async def test_a_login_taken_meanwhile_is_asked_again_after_the_captcha(chat, captchas, data):
    await fill_form(chat, "Mobile", "0612345678", "1716820", "amina", "a@gmail.com", "a@gmail.com")
    await chat.say("amina.b")  # nothing: it is the captcha step, wrong answer
    from tests.efacture.builders import an_account
    data.accounts[9] = an_account(9, login="amina", line_ids=(99,))
    await chat.say(captchas.answer)
    assert "déjà utilisé" in chat.text and "Choisissez votre login" in chat.text


@pytest.mark.parametrize("language, button, sent", [
    ("ar", "حساب", "برسالة قصيرة إلى الرقم \u206606 •• •• 56 78\u2069"),
    ("en", "Create", "sent by SMS to 06 •• •• 56 78"),
])
async def test_registration_works_in_arabic_and_english(engine, captchas, data, language, button, sent):
    from conversations.testing import ChatDriver
    chat = ChatDriver(engine, key=f"test:{language}", language_hint=language)
    await chat.say("/start")
    await chat.press(next(c.id for c in chat.choices if c.id.endswith("|registration")))
    await chat.press(next(c.id for c in chat.choices if c.id.endswith("|MOBILE")))
    for answer in ("0612345678", "1716820", "amina", "a@gmail.com", "a@gmail.com"):
        await chat.say(answer)
    await chat.say(captchas.answer)
    assert sent in chat.text
    assert any(button in label for label in chat.labels)  # back at the main menu, in that language


async def test_another_image_can_be_asked_a_few_times_without_using_a_try(chat, captchas, data):
    await fill_form(chat, "Mobile", "0612345678", "1716820", "amina", "a@gmail.com", "a@gmail.com")
    for _ in range(5):
        await chat.tap("Autre image")
        assert OutboundKind.IMAGE in kinds(chat)
    assert "Autre image" not in chat.labels  # six images are enough
    await chat.say(captchas.answer)
    assert "envoyé par SMS" in chat.text


async def test_the_account_menu_opened_without_logging_in_asks_to_log_in(chat):
    await chat.event("start_flow", {"flow": "account_menu"})
    assert "connecter d'abord" in chat.text and chat.labels == ["Se connecter", "Menu principal"]
    await chat.tap("Se connecter")
    assert "Saisissez votre login" in chat.text
