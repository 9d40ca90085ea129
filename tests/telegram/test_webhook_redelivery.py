"""Security review I7: the webhook answers Telegram only once the update is processed, so a bot that
dies meanwhile never sends the 200 and Telegram delivers the update again; a slow turn is answered
after `turn_wait` seconds and finishes in the background."""

import asyncio

from aiohttp import web

from bot.telegram import TelegramChannel, add_telegram_webhook_route
from bot.telegram.emulator import EmulatorServer
from conversations.messages import Inbound, Outbound

from .conftest import TOKEN, WEBHOOK_SECRET, StartBot
from .fakes import FakeEngine


class FreezesOnFirstUpdate(FakeEngine):
    """A bot that hangs in its first turn, as a process does on its way down (killed, out of memory)."""

    def __init__(self) -> None:
        super().__init__()
        self.frozen, self.release = asyncio.Event(), asyncio.Event()

    async def handle(self, inbound: Inbound) -> list[Outbound]:
        self.frozen.set()
        await self.release.wait()
        return []


class Slow(FakeEngine):
    async def handle(self, inbound: Inbound) -> list[Outbound]:
        await asyncio.sleep(1.0)
        return await super().handle(inbound)


async def acknowledged(emulator: EmulatorServer, update: dict, within: float = 2.0) -> bool:
    """Whether the emulator got a 2xx for this update within `within` seconds."""
    for _ in range(int(within / 0.05)):
        if update in emulator.world.updates.delivered:
            return True
        await asyncio.sleep(0.05)
    return False


async def webhook_bot(emulator: EmulatorServer, handler, **options) -> tuple[TelegramChannel, web.AppRunner]:  # noqa: ANN001
    channel = TelegramChannel(handler, token=TOKEN, mode="webhook", base_url=emulator.root_url,
                              webhook_url="http://placeholder", webhook_secret=WEBHOOK_SECRET, **options)
    app = web.Application()
    add_telegram_webhook_route(app, channel)
    runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.1)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    channel.webhook_url = f"http://127.0.0.1:{runner.addresses[0][1]}/telegram/webhook"
    await channel.start()
    return channel, runner


async def test_an_update_whose_bot_dies_while_processing_it_is_delivered_again_to_the_next_bot(
        emulator: EmulatorServer, start_bot: StartBot) -> None:
    dying = FreezesOnFirstUpdate()
    channel, runner = await webhook_bot(emulator, dying, turn_wait=30)
    user = emulator.user(801)
    update = await user.says("mon message")
    await asyncio.wait_for(dying.frozen.wait(), 5)
    assert update not in emulator.world.updates.delivered, "no 200 while the update is being processed"
    await runner.cleanup()  # the process dies: its connections close without an answer
    for _ in range(100):
        if emulator.world.updates.pending:
            break
        await asyncio.sleep(0.05)
    assert [status for uid, status in emulator.world.updates.webhook_failures if uid == update["update_id"]][:1] == [0]

    await start_bot(FakeEngine(), mode="webhook")  # the restarted bot sets its webhook again
    assert (await user.next_reply()).text == "echo: mon message"
    assert await acknowledged(emulator, update)
    dying.release.set()
    await channel.stop()


async def test_a_turn_slower_than_the_wait_is_answered_200_then_finishes_and_replies_once(
        emulator: EmulatorServer) -> None:
    channel, runner = await webhook_bot(emulator, Slow(), turn_wait=0.2)
    try:
        user = emulator.user(802)
        update = await user.says("lent")
        assert await acknowledged(emulator, update, within=0.8) and user.bot_messages() == [], \
            "Telegram got its 200 before the slow turn ended"
        assert (await user.next_reply()).text == "echo: lent"
        assert await user.quiet(0.5) == [] and emulator.world.updates.webhook_failures == []
    finally:
        await channel.stop()
        await runner.cleanup()


async def test_the_webhook_answers_only_after_the_reply_is_sent(emulator: EmulatorServer, start_bot: StartBot) -> None:
    await start_bot(FakeEngine(), mode="webhook")
    emulator.world.limits.latency = 0.3  # sending the reply takes a while: the 200 waits for it
    user = emulator.user(803)
    update = await user.says("dans l'ordre")
    assert not await acknowledged(emulator, update, within=0.25)
    assert (await user.next_reply()).text == "echo: dans l'ordre"
    assert await acknowledged(emulator, update)
