"""The real conversation engine (in-memory store) behind real PTB and the emulator: a smoke journey."""

from bot.telegram.emulator import EmulatorServer
from conversations.engine import Engine
from conversations.flows import registry
from conversations.memory_store import MemoryConversationStore

from .conftest import StartBot


async def test_the_engine_menu_reaches_a_telegram_user_and_its_buttons_work(
        emulator: EmulatorServer, start_bot: StartBot) -> None:
    await start_bot(Engine(MemoryConversationStore(), registry()))
    user = emulator.user(601, "Karim", "fr")
    await user.says("/start")
    menu = [reply for reply in await user.quiet(0.5) if reply.message.buttons]
    assert menu, "the main menu comes with buttons"
    labels = user.keyboards()[0]
    await user.presses(labels[-1])
    after = await user.quiet(0.5)
    assert after and all(reply.kind in {"sent", "edited"} for reply in after)
    assert all(call.status == 200 for call in emulator.world.calls if call.method != "getupdates")
