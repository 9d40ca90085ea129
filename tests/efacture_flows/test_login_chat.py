"""Se connecter, the forced change of the one-time password, Mot de passe oublié."""

import pytest

from conversations.messages import OutboundKind
from tests.efacture_flows.conftest import last_message, password_in
from tests.efacture_flows.helpers import kinds, log_in, register_mobile, registered_and_logged_in

ACCOUNT_MENU = ["Consulter mes factures", "Payer mes factures", "Modifier mon profil", "Se déconnecter",
                "Menu principal"]


async def test_the_first_login_forces_a_password_change_before_anything_else(chat, captchas, data):
    await register_mobile(chat, captchas)
    received = password_in(last_message(data, "0612345678"))
    await log_in(chat, "AMINA", received)
    assert kinds(chat)[0] is OutboundKind.DELETE_USER_MESSAGE
    assert "choisissez d'abord un nouveau mot de passe" in chat.text and chat.replies[-1].secret_input
    await chat.say("/menu")
    await chat.tap("Mon compte (amina)")
    await chat.tap("Consulter mes factures")
    assert "choisissez d'abord un nouveau mot de passe" in chat.text  # still forced
    assert "Saisissez votre nouveau mot de passe" in chat.text and chat.replies[-1].secret_input
    for answer in ("Jardin2027", "Jardin2027"):
        await chat.say(answer)
    assert "bien été modifié" in chat.text and chat.labels == ACCOUNT_MENU


@pytest.mark.parametrize("new, expected", [
    ("court1", "au moins 8 caractères"), ("motdepasse", "une lettre et un chiffre"),
    ("amina2026x", None), ("Amina", "au moins 8"),
])
async def test_each_password_rule_has_its_own_message(chat, captchas, data, new, expected):
    await register_mobile(chat, captchas, login="amina2026x")
    received = password_in(last_message(data, "0612345678"))
    await log_in(chat, "amina2026x", received)
    await chat.say(new)
    assert (expected or "différent de votre login") in chat.text
    assert "nouveau mot de passe" in chat.texts[-1]


async def test_the_received_password_cannot_be_kept_and_a_wrong_confirmation_asks_again(chat, captchas, data):
    await register_mobile(chat, captchas)
    received = password_in(last_message(data, "0612345678"))
    await log_in(chat, "amina", received)
    assert "Saisissez votre nouveau mot de passe" in chat.text  # the received one was typed seconds ago
    await chat.say(received)
    assert "différent de l'actuel" in chat.text
    await chat.say("Jardin2027")
    await chat.say("Jardin2028")
    assert "La confirmation ne correspond pas" in chat.text and "Saisissez votre nouveau" in chat.texts[-1]


async def test_a_wrong_password_and_an_unknown_login_get_the_same_reply(chat, captchas, data):
    await registered_and_logged_in(chat, captchas, data)
    await chat.tap("Se déconnecter")
    await log_in(chat, "amina", "Wrong2027")
    wrong_password = chat.texts[1:]
    await chat.say("nobody")
    await chat.say("Wrong2027")
    assert chat.texts[1:] == wrong_password
    assert "Login ou mot de passe incorrect" in chat.text


async def test_five_wrong_passwords_lock_the_account_until_a_local_time(chat, captchas, data):
    await registered_and_logged_in(chat, captchas, data)
    await chat.tap("Se déconnecter")
    await chat.tap("Se connecter")
    for _ in range(5):
        await chat.say("amina")
        await chat.say("Wrong2027")
    # 10:00 UTC is 11:00 in Casablanca in November (UTC+1): locked until 11:15.
    assert "bloqué jusqu'à 11:15" in chat.text and chat.labels[0] == "Créer un compte e-facture"
    await log_in(chat, "amina", "Jardin2027")
    assert "bloqué jusqu'à 11:15" in chat.text


async def test_a_conversation_gets_ten_tries_per_quarter_of_an_hour(chat, clock):
    await chat.tap("Se connecter")
    for number in range(11):  # other logins each time: no lock-out, only the conversation's limit
        await chat.say(f"someone{number}")
        await chat.say("Wrong2027")
    assert "Trop de tentatives de connexion" in chat.text
    clock.advance(minutes=16)
    await log_in(chat, "someone", "Wrong2027")
    assert "Login ou mot de passe incorrect" in chat.text


async def test_an_expired_one_time_password_points_to_mot_de_passe_oublie(chat, captchas, data, clock):
    await register_mobile(chat, captchas)
    received = password_in(last_message(data, "0612345678"))
    clock.advance(hours=25)
    await log_in(chat, "amina", received)
    assert "a expiré" in chat.text and "Mot de passe oublié" in chat.labels


async def test_mot_de_passe_oublie_says_the_same_whether_the_login_exists_or_not(chat, captchas, data):
    await registered_and_logged_in(chat, captchas, data)
    await chat.tap("Se déconnecter")
    sent_before = len(data.outbox)
    await chat.tap("Se connecter")
    await chat.tap("Mot de passe oublié")
    await chat.say("amina")
    known = chat.texts[0]
    await chat.tap("Se connecter")
    await chat.tap("Mot de passe oublié")
    await chat.say("nobody")
    assert chat.texts[0] == known and "Si ce login correspond" in known
    assert len(data.outbox) == sent_before + 1
    await log_in(chat, "amina", password_in(data.outbox[-1]))
    assert "choisissez d'abord un nouveau mot de passe" in chat.text


async def test_the_session_ends_after_inactivity(chat, captchas, data, clock):
    await registered_and_logged_in(chat, captchas, data)
    clock.advance(minutes=20)
    await chat.say("1")
    assert "expiré" in chat.text and chat.labels[0] == "Créer un compte e-facture"
    await chat.event("start_flow", {"flow": "account_menu"})
    assert "connecter d'abord" in chat.text and "Consulter mes factures" not in chat.labels


async def test_a_password_typed_where_a_login_is_expected_is_not_the_secret_step(chat):
    await chat.tap("Se connecter")
    assert not chat.replies[-1].secret_input
    await chat.say("amina")
    assert chat.replies[-1].secret_input


async def test_a_conversation_may_ask_for_five_new_passwords_an_hour(chat, clock):
    for number in range(6):
        await chat.tap("Se connecter")
        await chat.tap("Mot de passe oublié")
        await chat.say(f"someone{number}")
    assert "beaucoup de demandes" in chat.text
    clock.advance(minutes=61)
    await chat.say("/start")
    await chat.tap("Se connecter")
    await chat.tap("Mot de passe oublié")
    await chat.say("someone")
    assert "Si ce login correspond" in chat.text


async def test_se_connecter_while_logged_in_offers_the_account_in_one_tap(chat, captchas, data):
    await registered_and_logged_in(chat, captchas, data)
    await chat.event("start_flow", {"flow": "login"})  # an old link: the main menu has no "Se connecter" now
    await chat.tap("Mon compte (amina)")
    assert chat.labels[0] == "Consulter mes factures"


async def test_while_logged_in_the_main_menu_offers_the_account_and_logging_out(chat, captchas, data):
    await registered_and_logged_in(chat, captchas, data)
    await chat.tap("Menu principal")
    assert chat.labels[:2] == ["Mon compte (amina)", "Se déconnecter"]
    assert "Créer un compte e-facture" not in chat.labels and "Se connecter" not in chat.labels
    await chat.say("1")  # the same positions as "Créer un compte" and "Se connecter"
    assert chat.labels[0] == "Consulter mes factures"
    await chat.say("/menu")
    await chat.say("2")
    assert "déconnecté" in chat.text and chat.labels[:2] == ["Créer un compte e-facture", "Se connecter"]


async def test_the_forced_change_asks_the_received_password_again_once_the_login_is_not_recent(
        chat, captchas, data, clock):
    await register_mobile(chat, captchas)
    received = password_in(last_message(data, "0612345678"))
    await log_in(chat, "amina", received)
    for _ in range(2):  # active, but the log-in is now 20 minutes old
        clock.advance(minutes=10)
        await chat.say("/menu")
    await chat.tap("Mon compte (amina)")
    await chat.tap("Modifier mon profil")
    assert "saisissez à nouveau le mot de passe reçu" in chat.text
    for answer in (received, "Jardin2027", "Jardin2027"):
        await chat.say(answer)
    assert "bien été modifié" in chat.text
