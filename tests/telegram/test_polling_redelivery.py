"""A polling bot confirms an update (the next getUpdates offset) only once it has handled it: a bot
killed mid-turn never confirms, so the next bot gets the update again and answers it once."""

import asyncio
import sys
from pathlib import Path

from bot.telegram.emulator import EmulatorServer
from bot.telegram.emulator.checks import Fault

from .conftest import TOKEN, StartBot
from .fakes import FakeEngine

ROOT = Path(__file__).resolve().parents[2]


async def wait_for_line(process: asyncio.subprocess.Process, expected: str) -> None:
    async with asyncio.timeout(20):
        while (line := await process.stdout.readline()) and line.decode().strip() != expected:
            pass
    assert line, f"the bot process ended before printing {expected!r}"


async def test_an_update_whose_bot_is_killed_mid_turn_is_fetched_again_by_the_next_bot_and_answered_once(
        emulator: EmulatorServer, start_bot: StartBot) -> None:
    dying = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "tests.telegram.dying_bot", emulator.root_url, TOKEN,
        cwd=ROOT, stdout=asyncio.subprocess.PIPE)
    try:
        await wait_for_line(dying, "started")
        user = emulator.user(811)
        update = await user.says("mon message")
        await wait_for_line(dying, "frozen")
        # Time enough for a bot to ask for the next updates, which would confirm this one (PTB's
        # Updater does it at once, while the turn is still running).
        await asyncio.sleep(0.5)
    finally:
        dying.kill()  # SIGKILL: no clean-up, no last getUpdates
        await dying.wait()

    await start_bot(FakeEngine())
    assert (await user.next_reply()).text == "echo: mon message"
    assert await user.quiet(0.5) == [], "answered once"
    fetched = [u for u in emulator.world.updates.delivered if u["update_id"] == update["update_id"]]
    assert len(fetched) == 2, "the killed bot fetched it, then the next bot fetched it again"


async def test_a_stopped_bot_confirms_what_it_handled_so_the_next_bot_does_not_fetch_it_again(
        emulator: EmulatorServer, start_bot: StartBot) -> None:
    channel = await start_bot(FakeEngine())
    user = emulator.user(812)
    update = await user.says("déjà traité")
    assert (await user.next_reply()).text == "echo: déjà traité"
    await channel.stop()

    await start_bot(FakeEngine())
    assert await user.quiet(0.5) == []
    assert [u for u in emulator.world.updates.delivered if u["update_id"] == update["update_id"]] == [update]


async def test_polling_goes_on_after_telegram_fails_a_get_updates_and_the_message_is_answered(
        emulator: EmulatorServer, start_bot: StartBot) -> None:
    emulator.world.limits.faults.append(Fault(502, "Bad Gateway", method="getUpdates", remaining=2))
    await start_bot(FakeEngine())
    user = emulator.user(813)
    await user.says("après la panne")
    assert (await user.next_reply(10)).text == "echo: après la panne"
    assert all(fault.remaining == 0 for fault in emulator.world.limits.faults)
