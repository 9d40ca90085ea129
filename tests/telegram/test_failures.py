"""Telegram pushing back (429, 403) and the engine failing: nothing lost, nobody spammed."""

import asyncio
import logging
import time

import pytest

from bot.telegram import TelegramChannel
from bot.telegram.emulator import EmulatorServer, Fault
from bot.telegram.ports import InMemoryBlockedChats
from conversations.messages import text

from .conftest import StartBot
from .fakes import FakeEngine


async def test_a_429_delays_the_message_by_retry_after_and_loses_nothing(
        emulator: EmulatorServer, polling_bot: TelegramChannel) -> None:
    user = emulator.user(301)
    emulator.world.limits.faults.append(Fault(429, "", method="sendMessage", chat_id=301, retry_after=1))
    started = time.monotonic()
    await user.says("patience")
    reply = await user.next_reply(timeout=5)
    assert reply.text == "echo: patience"
    assert time.monotonic() - started >= 1.0
    statuses = [call.status for call in emulator.world.calls_to("sendMessage")]
    assert statuses == [429, 200]


async def test_a_user_who_blocked_the_bot_is_marked_and_not_pushed_to_until_they_write_again(
        emulator: EmulatorServer, start_bot: StartBot, engine: FakeEngine) -> None:
    blocked = InMemoryBlockedChats()
    channel = await start_bot(engine, blocked=blocked)
    user = emulator.user(302)
    emulator.world.limits.blocked.add(302)
    await channel.push("telegram:302", [text("Reçu de paiement"), text("Merci")])
    assert await blocked.is_blocked(302)
    await channel.push("telegram:302", [text("Encore")])
    assert len(emulator.world.calls_to("sendMessage")) == 1  # one refused call, then silence

    emulator.world.limits.blocked.discard(302)
    await user.says("me revoilà")
    assert (await user.next_reply()).text == "echo: me revoilà"
    assert not await blocked.is_blocked(302)
    await channel.push("telegram:302", [text("Reçu de paiement")])
    assert (await user.next_reply()).text == "Reçu de paiement"


async def test_an_engine_failure_is_logged_with_its_traceback_and_the_user_gets_an_apology(
        emulator: EmulatorServer, polling_bot: TelegramChannel, caplog: pytest.LogCaptureFixture) -> None:
    user = emulator.user(303, language_code="en")
    with caplog.at_level(logging.ERROR, logger="bot.telegram"):
        await user.says("boom")
        apology = await user.next_reply()
    assert apology.text.startswith("Sorry")
    record = next(r for r in caplog.records if r.name == "bot.telegram.adapter")
    assert record.exc_info is not None and "boom" not in record.getMessage()


async def test_twenty_users_at_once_each_get_their_own_replies_in_order(
        emulator: EmulatorServer, polling_bot: TelegramChannel) -> None:
    users = [emulator.user(400 + n) for n in range(20)]

    async def talk(user) -> list[str]:  # noqa: ANN001
        await user.says(f"un {user.id}")
        await user.says(f"deux {user.id}")
        return [reply.text for reply in await user.replies(2, timeout=10)]

    answers = await asyncio.gather(*(talk(user) for user in users))
    assert answers == [[f"echo: un {u.id}", f"echo: deux {u.id}"] for u in users]
    assert all(call.status == 200 for call in emulator.world.calls if call.method == "sendmessage")


async def test_a_bad_gateway_from_telegram_is_retried_so_the_reply_still_arrives(
        emulator: EmulatorServer, polling_bot: TelegramChannel) -> None:
    user = emulator.user(304)
    emulator.world.limits.faults.append(Fault(502, "Bad Gateway", method="sendMessage", chat_id=304))
    await user.says("malgré la panne")
    assert (await user.next_reply()).text == "echo: malgré la panne"
    assert [call.status for call in emulator.world.calls_to("sendMessage")] == [502, 200]


async def test_a_slow_telegram_delays_replies_but_keeps_them_in_order(
        emulator: EmulatorServer, polling_bot: TelegramChannel) -> None:
    user = emulator.user(305)
    emulator.world.limits.latency = 0.2
    started = time.monotonic()
    await user.says("un")
    await user.says("deux")
    assert [reply.text for reply in await user.replies(2)] == ["echo: un", "echo: deux"]
    assert time.monotonic() - started >= 0.4
