"""The real bot (services, flows, SQLite) behind PTB and the emulator when things go wrong: a restart
leaves old buttons in the chat, Telegram delivers an update twice, answers 429 or 403, and twenty
subscribers write at once."""

import asyncio
import time

import pytest

from bot.telegram.emulator import EmulatorServer, Fault
from bot.telegram.ratelimit import ChatRateLimiter
from conversations.messages import text
from domain.clock import local_today, system_clock

from .journeys import compose, demo_identity, expect, tap
from .real_stack import Ports, fast_world, open_stack, stack_settings

EXPIRED = "Ce bouton n'est plus valable"


async def fresh_settings(emulator: EmulatorServer, demo_databases, mode: str = "polling"):  # noqa: ANN001, ANN201
    return stack_settings(await demo_databases.fresh_url(local_today(system_clock())), emulator, mode, Ports.free())


async def to_the_number_prompt(user) -> None:  # noqa: ANN001
    await user.says("/start")
    await tap(user, "Payer une facture")
    await expect(user, "Quel service souhaitez-vous payer")
    await tap(user, "Mobile")
    await expect(user, "numéro de téléphone mobile")


@pytest.mark.parametrize("mode", ["polling", "webhook"])
async def test_an_old_button_pressed_after_a_restart_says_expired_and_shows_the_current_step(
        mode: str, emulator: EmulatorServer, demo_databases) -> None:
    fast_world(emulator)
    settings = await fresh_settings(emulator, demo_databases, mode)
    user = emulator.user(7201)
    async with open_stack(settings):
        await user.says("/start")
        old_menu = [m for m in (await expect(user, "Payer une facture")) if m.button_labels][-1].message
        await user.says("/start")  # a new menu: the first one's buttons belong to an older step
        await expect(user, "Payer une facture")
    async with open_stack(settings):  # a new bot process on the same database
        await user.presses("Payer une facture", message_id=old_menu.message_id)
        replies = await expect(user, EXPIRED, "Payer une facture")
        assert replies[-1].button_labels, "the current step comes with its buttons"
        await tap(user, "Payer une facture")  # the current menu's button still works after the restart
        await expect(user, "Quel service souhaitez-vous payer")
    assert emulator.world.unanswered_callback_queries() == []


async def deliver_again(emulator: EmulatorServer, update: dict, chat_id: int) -> int:
    """The same message or press once more, under a new update id (as after a lost offset or a
    webhook answer that never reached Telegram); returns that id."""
    copy = await emulator.world.updates.push({k: v for k, v in update.items() if k != "update_id"}, chat_id)
    return copy["update_id"]


@pytest.mark.parametrize("mode", ["polling", "webhook"])
async def test_a_message_and_a_button_press_delivered_twice_are_handled_once(
        mode: str, emulator: EmulatorServer, demo_databases) -> None:
    fast_world(emulator)
    mobile = demo_identity("mobile")
    user = emulator.user(7202)
    async with open_stack(await fresh_settings(emulator, demo_databases, mode)):
        await to_the_number_prompt(user)
        typed = await user.says(mobile["msisdn"])
        await expect(user, "Composez votre code fidélio")
        again = [await deliver_again(emulator, typed, user.id)]
        assert await user.quiet(0.5) == [], "the second delivery of the number is ignored"
        pressed = await tap(user, "1")
        await expect(user, "Code fidélio : •")
        again.append(await deliver_again(emulator, pressed, user.id))
        assert await user.quiet(0.5) == [], "the second delivery of the press is ignored"
        await tap(user, "2")
        await expect(user, "Code fidélio : ••")  # one digit per press, not two
    delivered = {update["update_id"] for update in emulator.world.updates.delivered}
    assert set(again) <= delivered, "the bot did receive both copies"


async def test_a_429_from_telegram_delays_the_real_bots_reply_and_loses_nothing(
        emulator: EmulatorServer, demo_databases) -> None:
    user = emulator.user(7203)
    emulator.world.limits.faults.append(Fault(429, "", method="sendMessage", chat_id=user.id, retry_after=1))
    async with open_stack(await fresh_settings(emulator, demo_databases), limiter=ChatRateLimiter()):
        started = time.perf_counter()
        await user.says("/start")
        await expect(user, "Bonjour", "Payer une facture")
        assert time.perf_counter() - started >= 0.9, "the limiter waited for retry_after"
        await tap(user, "Payer une facture")
        await expect(user, "Quel service souhaitez-vous payer")
    statuses = [call.status for call in emulator.world.calls_to("sendMessage")]
    assert statuses.count(429) == 1 and statuses[0] == 429


async def test_a_subscriber_who_blocked_the_bot_gets_nothing_until_they_write_again(
        emulator: EmulatorServer, demo_databases) -> None:
    fast_world(emulator)
    user = emulator.user(7204)
    async with open_stack(await fresh_settings(emulator, demo_databases)) as stack:
        await to_the_number_prompt(user)
        emulator.world.limits.blocked.add(user.id)
        await user.says(demo_identity("mobile")["msisdn"])
        for _ in range(100):  # the 403 marks the chat blocked
            if await stack.channel.adapter.blocked.is_blocked(user.id):
                break
            await asyncio.sleep(0.02)
        assert await stack.channel.adapter.blocked.is_blocked(user.id)
        sent_before = len(emulator.world.calls)
        await stack.channel.push(f"telegram:{user.id}", [text("Votre reçu")])  # e.g. a receipt
        assert len(emulator.world.calls) == sent_before, "nothing is sent to a chat that blocked the bot"
        emulator.world.limits.blocked.discard(user.id)
        await user.says("0000")  # they unblocked and write again: the conversation went on meanwhile
        await expect(user, "avec les touches ci-dessous")
        assert not await stack.channel.adapter.blocked.is_blocked(user.id)
    refused = [call for call in emulator.world.calls if call.status == 403]
    assert refused, "Telegram refused at least one message while blocked"


async def test_twenty_subscribers_at_once_each_reach_the_keypad_within_telegrams_limits(
        emulator: EmulatorServer, demo_databases) -> None:
    """Production limiter and the emulator's flood checks on: nobody is lost, Telegram never says 429."""
    mobile = demo_identity("mobile")
    users = [emulator.user(7300 + n) for n in range(20)]

    async def short_journey(user) -> None:  # noqa: ANN001
        await to_the_number_prompt(user)
        await user.says(mobile["msisdn"])
        await expect(user, "Composez votre code fidélio", timeout=30)
        await compose(user, "12")
        await expect(user, "au moins 4 chiffres", timeout=30)

    async with open_stack(await fresh_settings(emulator, demo_databases), limiter=ChatRateLimiter()):
        await asyncio.gather(*(short_journey(user) for user in users))
    assert [call for call in emulator.world.calls if call.status == 429] == []
    assert emulator.world.unanswered_callback_queries() == []
