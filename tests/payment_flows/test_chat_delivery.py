"""A CHAT event of the outbox (receipt, decline, refused link) is shown to the user at least once:
through the real dispatcher (bot/outbox.py) and bot.delivery.ChatEventSender, a push that fails
once, a handler that fails once or a conversation no channel of this process reaches lose nothing."""

import logging
from datetime import timedelta

import pytest

from bot.delivery import ChannelPushers, ChatEventSender
from bot.outbox import OutboxDispatcher
from domain.errors import Refused
from domain.ports import Channel
from tests.payment_flows.conftest import build_engine
from tests.payment_flows.test_payment_events import at_link, verdict

SUCCESS = "Votre paiement a été effectué avec succès"
SORRY = "problème technique"


class Phone:
    """The channel's pusher; its first `failures` pushes fail like a Telegram timeout."""

    def __init__(self, failures: int = 0) -> None:
        self.failures, self.pushed = failures, []

    async def push(self, key: str, messages: list) -> None:
        if self.failures:
            self.failures -= 1
            raise TimeoutError("Telegram did not answer")
        self.pushed.append((key, messages))

    @property
    def texts(self) -> str:
        return "\n".join(m.text for _, messages in self.pushed for m in messages)


class FlakyDatabase:
    """The same database, whose next `failures` units of work cannot be opened (the payment
    services' reads fail, the conversation store does not)."""

    def __init__(self, db, failures: int = 0) -> None:
        self.db, self.conversations, self.failures = db, db.conversations, failures

    def uow(self):
        if self.failures:
            self.failures -= 1
            raise ConnectionError("database unreachable")
        return self.db.uow()


def dispatcher_for(world, phone: Phone, engine=None) -> OutboxDispatcher:
    pushers = ChannelPushers()
    pushers.register("telegram", phone)
    return OutboxDispatcher(world.db.uow, sms=None, mail=None, clock=world.clock,
                            chat=ChatEventSender(engine or world.engine, pushers, world.clock))


async def pending_chat(world) -> list:
    async with world.db.uow() as uow:
        return [m for m in await uow.outbox.due(world.clock() + timedelta(days=1), 50) if m.channel is Channel.CHAT]


async def refuse_the_link(world, token: str) -> None:
    await world.deps.usecases().open_link(token)
    with pytest.raises(Refused):
        await world.deps.usecases().open_link(token)  # used twice: queues the "link refused" message


async def test_a_receipt_whose_first_push_failed_is_pushed_on_the_retry(world):
    token, order_id = await at_link(world)
    await verdict(world, token)
    phone = Phone(failures=1)
    dispatcher = dispatcher_for(world, phone)
    assert await dispatcher.run_once() == 0 and phone.pushed == []
    assert await dispatcher.run_once() == 0  # not due again before its back-off
    world.clock.advance(seconds=16)
    assert await dispatcher.run_once() == 1
    [(key, replies)] = phone.pushed
    assert key == world.chat.key and SUCCESS in replies[0].text
    assert any(r.cache_key == f"receipt:{order_id}" for r in replies)
    assert await pending_chat(world) == []


@pytest.mark.parametrize(("code", "expected", "button"), [
    ("51", "le solde de votre carte est insuffisant", "Réessayer le paiement"),
    (None, "déjà été utilisé", "Recommencer le paiement")])
async def test_a_decline_or_a_refused_link_whose_first_push_failed_is_pushed_on_the_retry(
        world, caplog, code, expected, button):
    token, _ = await at_link(world)
    await (verdict(world, token, code=code) if code else refuse_the_link(world, token))
    phone = Phone(failures=1)
    dispatcher = dispatcher_for(world, phone)
    assert await dispatcher.run_once() == 0
    world.clock.advance(seconds=16)
    with caplog.at_level(logging.WARNING, logger="conversations.engine"):
        assert await dispatcher.run_once() == 1
    [(_, replies)] = phone.pushed
    assert expected in phone.texts and button in [c.label for r in replies for c in r.all_choices]
    assert not [r for r in caplog.records if r.name == "conversations.engine"]  # no refused transition


async def test_a_handler_that_fails_once_is_not_answered_with_the_apology_and_the_receipt_follows(world):
    token, order_id = await at_link(world)
    await verdict(world, token)
    flaky = FlakyDatabase(world.db, failures=1)
    engine, _ = build_engine(flaky, world.clock)
    phone = Phone()
    dispatcher = dispatcher_for(world, phone, engine)
    assert await dispatcher.run_once() == 0
    assert phone.pushed == [] and flaky.failures == 0  # the failure happened; no apology was pushed
    world.clock.advance(seconds=16)
    assert await dispatcher.run_once() == 1
    assert SUCCESS in phone.texts and SORRY not in phone.texts


async def test_a_receipt_is_shown_again_rather_than_lost_when_it_is_delivered_twice(world):
    # A crash between the push and `mark_sent` delivers the event again: a second receipt is the price.
    token, _ = await at_link(world)
    await verdict(world, token)
    [message] = await world.outbox(Channel.CHAT)
    phone = Phone()
    sender = dispatcher_for(world, phone).senders[Channel.CHAT]
    await sender.deliver(message)
    await sender.deliver(message)
    assert phone.texts.count(SUCCESS) == 2


async def test_a_conversation_no_channel_here_reaches_is_retried_slowly_and_reported_once(world, caplog):
    world.chat = world.driver("console:agent")  # the payment was started on the console
    token, _ = await at_link(world)
    await verdict(world, token)
    phone = Phone()
    dispatcher = dispatcher_for(world, phone)  # this process runs Telegram only
    with caplog.at_level(logging.WARNING, logger="bot.delivery"):
        for _ in range(12):  # a poll every 15 s for 3 minutes
            assert await dispatcher.run_once() == 0
            world.clock.advance(seconds=15)
    reports = [r.getMessage() for r in caplog.records if r.name == "bot.delivery"]
    assert len(reports) == 1 and "'console'" in reports[0] and "retried with back-off" in reports[0]
    [queued] = await pending_chat(world)
    assert phone.pushed == [] and queued.recipient == "console:agent"
    assert "no running channel reaches 'console'" in queued.last_error
    assert queued.attempts // 2 == 4  # tried at 0 s, 15 s, 45 s and 105 s: the back-off doubles

