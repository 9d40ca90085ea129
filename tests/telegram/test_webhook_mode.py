"""Webhook mode: the emulator POSTs updates to our aiohttp route, which checks the secret header."""

import asyncio

import aiohttp

from bot.telegram.emulator import EmulatorServer

from .conftest import WEBHOOK_SECRET, StartBot
from .fakes import FakeEngine


async def test_updates_posted_to_the_webhook_are_answered(
        emulator: EmulatorServer, start_bot: StartBot, engine: FakeEngine) -> None:
    channel = await start_bot(engine, mode="webhook")
    assert emulator.world.updates.webhook.url == channel.webhook_url
    assert emulator.world.updates.webhook.secret_token == WEBHOOK_SECRET
    user = emulator.user(201)
    await user.says("/start")
    assert (await user.next_reply()).button_labels == ["Mes factures", "Payer en ligne"]
    await user.presses("Mes factures")
    assert (await user.next_reply()).kind == "edited"
    assert emulator.world.updates.webhook_failures == []
    assert emulator.world.calls_to("getUpdates") == []


async def test_the_webhook_refuses_a_wrong_or_missing_secret(
        emulator: EmulatorServer, start_bot: StartBot, engine: FakeEngine) -> None:
    channel = await start_bot(engine, mode="webhook")
    update = {"update_id": 9, "message": {"message_id": 1, "date": 1, "chat": {"id": 5, "type": "private"},
                                          "text": "forged"}}
    async with aiohttp.ClientSession() as session:
        for headers in ({}, {"X-Telegram-Bot-Api-Secret-Token": "guess"}):
            async with session.post(channel.webhook_url, json=update, headers=headers) as response:
                assert response.status == 403
        right = {"X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET}
        async with session.post(channel.webhook_url, data=b"{oops", headers=right) as response:
            assert response.status == 400
    assert engine.inbounds == []


async def test_polling_is_refused_while_a_webhook_is_set(emulator: EmulatorServer, start_bot: StartBot,
                                                          engine: FakeEngine) -> None:
    await start_bot(engine, mode="webhook")
    async with aiohttp.ClientSession() as session:
        async with session.post(f"{emulator.base_url}{emulator.world.token}/getUpdates") as response:
            body = await response.json()
    assert response.status == 409 and body["ok"] is False and "webhook is active" in body["description"]


async def test_updates_the_webhook_could_not_take_are_kept_and_delivered_when_it_comes_back(
        emulator: EmulatorServer, start_bot: StartBot, engine: FakeEngine) -> None:
    channel = await start_bot(engine, mode="webhook")
    working_url = channel.webhook_url
    await channel.application.bot.set_webhook(working_url + "-missing", secret_token=WEBHOOK_SECRET)
    user = emulator.user(202)
    await user.says("pendant la panne")
    for _ in range(50):
        if emulator.world.updates.pending:
            break
        await asyncio.sleep(0.1)
    assert [status for _, status in emulator.world.updates.webhook_failures] == [404, 404, 404]
    await channel.application.bot.set_webhook(working_url, secret_token=WEBHOOK_SECRET)
    assert (await user.next_reply()).text == "echo: pendant la panne"
