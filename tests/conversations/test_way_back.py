"""Every step offers a way back: its own ("Retour", "Menu principal"...) or the engine's /cancel
button, "Retour" to the parent menu of a flow that has one, "Annuler" to the main menu otherwise.
Steps waiting for typed text also say that /menu leads back to the main menu."""

from conversations.catalog import Catalog
from conversations.engine import Engine
from conversations.memory_store import MemoryConversationStore
from conversations.messages import Inbound
from conversations.rendering import CANCEL_ID, WAY_BACK
from conversations.state import MENU_FLOW
from conversations.testing import ChatDriver
from domain.ports import StoredConversation
from tests.conversations.conftest import SECRET_KEY, START, sample_registry

CATALOG = Catalog.load()
SORRY = CATALOG.text("fr", "engine.sorry")
HINT = CATALOG.text("fr", "navigation.typed_hint")


def with_parent(child: str, parent: str):
    flows = sample_registry()
    flows.return_to(child, parent)
    return flows


async def open_flow(chat: ChatDriver, name: str) -> None:
    await chat.event("start_flow", {"flow": name})


async def test_a_text_step_offers_annuler_and_says_how_to_reach_the_menu(chat):
    await open_flow(chat, "pin")
    assert chat.text == f"What is your name?\n\n{HINT}"
    assert [(c.label, c.id) for c in chat.choices] == [("Annuler", CANCEL_ID)]
    await chat.tap("Annuler")
    assert "C'est annulé" in chat.text and "Que souhaitez-vous faire ?" in chat.text


async def test_a_choice_step_gets_the_way_back_as_its_last_numbered_button_without_the_hint(chat):
    await chat.say("/lang")
    assert chat.labels == ["Français", "العربية", "English", "Annuler"] and HINT not in chat.text
    await chat.say("4")  # its position, as console and SMS users type it
    assert "C'est annulé" in chat.text


async def test_retour_leads_to_the_parent_flow_tapped_or_typed(clock):
    chat = ChatDriver(Engine(MemoryConversationStore(), with_parent("pin", "counter"), clock=clock,
                             secret_key=SECRET_KEY))
    await chat.say("/start")
    await open_flow(chat, "pin")
    assert chat.labels == ["Retour"]
    await chat.tap("Retour")
    assert chat.text.startswith("Send anything") and "annulé" not in chat.text
    await open_flow(chat, "pin")
    await chat.say("retour")
    assert chat.text.startswith("Send anything")
    await open_flow(chat, "pin")
    await chat.say("/cancel")  # the same command
    assert chat.text.startswith("Send anything")


async def test_in_a_secret_step_the_typed_word_retour_is_an_answer_not_a_command(chat):
    await open_flow(chat, "pin")
    await chat.say("Amina")
    assert chat.replies[-1].secret_input and chat.labels == ["Annuler"]
    await chat.say("Annuler")
    assert "choose a PIN" in chat.text and "annulé" not in chat.text  # read as a (wrong) PIN
    await chat.tap("Annuler")
    assert "C'est annulé" in chat.text


async def test_a_text_step_with_the_way_back_still_takes_any_text(chat):
    await open_flow(chat, "counter")
    await chat.say("1")  # the position of "Annuler" only counts where only buttons are accepted
    assert chat.texts[0] == "seen 1"


async def test_every_step_of_every_flow_offers_a_way_back():
    """Each state of each registered flow, shown again by /help: a way back is on screen."""
    store, flows = MemoryConversationStore(), sample_registry()
    engine = Engine(store, flows, catalog=CATALOG, clock=lambda: START, secret_key=SECRET_KEY)
    checked = []
    for compiled in flows:
        for state, step in compiled.steps.items():
            if step.final or compiled.name == MENU_FLOW:
                continue
            key = f"test:{compiled.name}.{state}"
            await store.save(StoredConversation(key, compiled.name, state, {"form": {"name": "x"}}, 1, START), 0)
            replies = await engine.handle(Inbound(key=key, at=START, text="/help", message_id="h"))
            if SORRY in [r.text for r in replies]:
                continue  # a prompt that needs services or a filled form (tested in its own flow's tests)
            ids = [c.id for c in replies[-1].all_choices]
            assert CANCEL_ID in ids or any(i.partition("|")[2] in WAY_BACK for i in ids), (compiled.name, state)
            checked.append((compiled.name, state))
    assert len(checked) > 30
