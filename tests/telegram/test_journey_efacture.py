"""A Mobile subscriber creates an e-facture account, in the Telegram app, against the real bot:
open_services on a seeded SQLite copy, the real flows, PTB over HTTP to the emulator, the outbox
dispatcher printing the SMS on the console sink. Polling and webhook mode."""

import asyncio

import pytest

from bot.telegram.emulator import EmulatorServer
from conversations.flows.efacture.scenario_support import secret_in
from domain.clock import local_today, system_clock

from .journeys import demo_identity, document, expect, photo, tap
from .real_stack import Ports, fast_world, open_stack, stack_settings

NEW_PASSWORD = "Jardin2027"


async def password_from_console(capsys: pytest.CaptureFixture, timeout: float = 10.0) -> str:
    """The temporary password the dispatcher's console SMS sink printed."""
    printed = ""
    async with asyncio.timeout(timeout):
        while "SMS to" not in printed:
            await asyncio.sleep(0.05)
            printed += capsys.readouterr().out
    return secret_in(printed[printed.index("SMS to"):])


async def register_mobile(user, stack, mobile: dict, capsys) -> str:  # noqa: ANN001
    await user.says("/start")
    await expect(user, "Créer un compte e-facture")
    await tap(user, "Créer un compte e-facture")
    await expect(user, "Choisissez le service")
    await tap(user, "Mobile")
    await expect(user, "numéro d'appel de votre ligne Mobile")
    for answer, prompt in ((mobile["msisdn"], "numéro client"), (mobile["customer_number"], "Choisissez votre login"),
                           ("Imane.Tazi", "adresse e-mail"), ("imane.tazi@gmail.com", "à nouveau")):
        await user.says(answer)
        await expect(user, prompt)
    await user.says("imane.tazi@gmail.com")
    captcha = await photo(user)
    assert captcha.message.photo.content.startswith(b"\x89PNG") and captcha.text == "Caractères à recopier"
    await user.says(stack.captchas.last_answer)
    await expect(user, "Votre compte e-facture est créé", "envoyé par SMS")
    return await password_from_console(capsys)


async def log_in_and_change_password(user, password: str) -> None:  # noqa: ANN001
    await tap(user, "Se connecter")
    await expect(user, "Saisissez votre login")
    await user.says("imane.tazi")
    await expect(user, "mot de passe")
    typed = await user.says(password)
    # typed seconds ago: the forced change asks only for the new password (twice)
    await expect(user, "choisissez d'abord un nouveau mot de passe", "Saisissez votre nouveau mot de passe")
    assert user.chat.messages[typed["message"]["message_id"]].deleted, "a typed password is deleted"
    for secret, prompt in ((NEW_PASSWORD, "Confirmez votre nouveau mot de passe"),
                           (NEW_PASSWORD, "bien été modifié")):
        await user.says(secret)
        await expect(user, prompt)


@pytest.mark.parametrize("mode", ["polling", "webhook"])
async def test_a_mobile_subscriber_registers_logs_in_reads_filters_downloads_and_logs_out_in_telegram(
        mode: str, emulator: EmulatorServer, demo_databases, capsys) -> None:
    fast_world(emulator)
    today = local_today(system_clock())
    mobile = demo_identity("mobile", today)
    settings = stack_settings(await demo_databases.fresh_url(today), emulator, mode, Ports.free())
    async with open_stack(settings) as stack:
        user = emulator.user(7001, "Imane", "fr")
        password = await register_mobile(user, stack, mobile, capsys)
        assert len(password) == 10
        await log_in_and_change_password(user, password)

        await tap(user, "Consulter mes factures")
        await expect(user, "Vos dernières factures", f"N° client : {mobile['customer_number']}")
        await tap(user, "PDF facture 1")
        first = await document(user)
        assert first.message.document.content.startswith(b"%PDF") and "facture-" in first.message.document.filename
        await expect(user, "Voici la facture n°")  # the list stays above: a short line and its buttons follow
        await tap(user, "PDF facture 1")
        again = await document(user)
        await expect(user, "Voici la facture n°")
        sent = [call.params["document"] for call in emulator.world.calls_to("sendDocument")]
        assert sent[0]["upload"] is True and sent[-1] == first.message.document.file_id
        assert again.message.document.file_id == first.message.document.file_id

        await tap(user, "Filtrer : échéance")
        labels = (await expect(user, "Choisissez l'échéance"))[-1].button_labels
        month = labels[1]  # the second most recent due month
        await tap(user, month)
        await expect(user, f"Filtres : Échéance : {month}")
        await tap(user, "Effacer les filtres")
        await expect(user, "Vos dernières factures")
        await tap(user, "Retour")
        await expect(user, "Votre compte e-facture")
        await tap(user, "Se déconnecter")
        await expect(user, "Vous êtes déconnecté")
    assert emulator.world.unanswered_callback_queries() == []
    if mode == "webhook":
        assert emulator.world.updates.webhook_failures == []
