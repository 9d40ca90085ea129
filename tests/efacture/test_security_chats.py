"""The security rules as a subscriber meets them in the chat: what a login field keeps, the
forgotten password that leaves the current one working, the limits on "login taken" checks and
on email codes. Real engine and catalog texts over the fakes (fixtures of tests/efacture_flows)."""

import json

from tests.efacture_flows.conftest import (  # noqa: F401 - fixtures
    captchas,
    chat,
    clock,
    data,
    engine,
    last_message,
    password_in,
    services,
    store,
)
from tests.efacture_flows.helpers import log_in, registered_and_logged_in

BAD_CREDENTIALS = "Login ou mot de passe incorrect"


async def test_a_login_that_cannot_be_one_is_refused_at_once_and_not_kept(chat, store):  # noqa: F811
    await chat.tap("Se connecter")
    await chat.say("12 rue des Fleurs")
    assert BAD_CREDENTIALS in chat.text and "Saisissez votre login" in chat.texts[-1]
    assert "Fleurs" not in json.dumps((await store.load(chat.key)).data)


async def test_invalid_logins_are_counted_like_wrong_passwords_and_lock_alike(chat, data):  # noqa: F811
    await chat.tap("Se connecter")
    for _ in range(4):
        await chat.say("12 rue des Fleurs")
        assert BAD_CREDENTIALS in chat.text
    await chat.say("12 rue des Fleurs")
    assert "bloqué jusqu'à" in chat.text
    assert not any("Fleurs" in key or "fleurs" in key for key in data.attempts)


async def test_a_forgotten_password_asked_by_a_stranger_leaves_the_owner_logging_in(chat, captchas, data, engine):  # noqa: F811
    await registered_and_logged_in(chat, captchas, data)
    await chat.tap("Se déconnecter")
    stranger = type(chat)(engine, key="test:stranger")
    await stranger.say("/start")
    await stranger.tap("Se connecter")
    await stranger.tap("Mot de passe oublié")
    await stranger.say("amina")
    await log_in(chat, "amina", "Jardin2027")
    assert "Bienvenue" in chat.text


async def test_the_one_time_password_of_a_forgotten_password_forces_a_change(chat, captchas, data):  # noqa: F811
    await registered_and_logged_in(chat, captchas, data)
    await chat.tap("Se déconnecter")
    await chat.tap("Se connecter")
    await chat.tap("Mot de passe oublié")
    await chat.say("amina")
    received = password_in(last_message(data, "0612345678"))
    await chat.say("/menu")
    await log_in(chat, "amina", received)
    assert "choisissez d'abord un nouveau mot de passe" in chat.text


async def test_login_availability_checks_stop_after_ten_from_one_chat(chat, captchas, data):  # noqa: F811
    await registered_and_logged_in(chat, captchas, data)
    await chat.tap("Modifier mon profil")
    await chat.tap("Le login")
    for _ in range(9):  # the registration of this chat made the first check
        await chat.say("amina")
        assert "déjà votre login" in chat.text
    await chat.say("amina.b")
    assert "beaucoup de logins" in chat.text and "Que souhaitez-vous modifier" in chat.text
    assert next(iter(data.accounts.values())).login == "amina"


async def test_three_email_codes_an_hour_then_a_clear_refusal(chat, captchas, data):  # noqa: F811
    await registered_and_logged_in(chat, captchas, data)
    await chat.tap("Modifier mon profil")
    for n in range(3):
        await chat.tap("L'adresse e-mail")
        await chat.say(f"amina.new{n}@gmail.com")
        assert "code de confirmation" in chat.text
        await chat.tap("Retour")
    await chat.tap("L'adresse e-mail")
    await chat.say("amina.new9@gmail.com")
    assert "Plusieurs codes de confirmation" in chat.text and "Que souhaitez-vous modifier" in chat.text
    assert [m for m in data.outbox if m.recipient == "amina.new9@gmail.com"] == []
