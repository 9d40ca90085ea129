import json
import logging

from conversations.engine import Engine
from conversations.messages import OutboundKind
from conversations.testing import ChatDriver
from tests.conversations.conftest import SECRET_KEY, open_flow, sample_registry


async def test_a_secret_prompt_is_marked_and_the_secret_reply_is_deleted(chat):
    await open_flow(chat, "pin")
    await chat.say("Amina")
    assert chat.replies[-1].secret_input
    await chat.say("4831")
    assert chat.replies[0].kind is OutboundKind.DELETE_USER_MESSAGE
    assert chat.replies[0].reply_to_message_id is not None


async def test_a_secret_never_reaches_the_stored_state_nor_the_logs(chat, store, caplog):
    caplog.set_level(logging.DEBUG)
    await open_flow(chat, "pin")
    await chat.say("Amina")
    await chat.say("4831")
    await chat.say("4831")
    assert "Waiting for the payment" in chat.text
    stored = json.dumps((await store.load(chat.key)).data)
    assert "4831" not in stored and "4831" not in caplog.text


async def test_a_mismatched_confirmation_goes_back_to_the_first_secret_step(chat):
    await open_flow(chat, "pin")
    await chat.say("Amina")
    await chat.say("4831")
    await chat.say("1111")
    assert "choose a PIN" in chat.text


async def test_a_system_event_reaches_the_current_flows_handler(chat):
    await open_flow(chat, "pin")
    for reply in ("Amina", "4831", "4831"):
        await chat.say(reply)
    await chat.event("payment_settled", {"reference": "R42"})
    assert chat.texts[:2] == ["Paid, reference R42", "All done"]
    assert "Se connecter" in chat.labels


async def test_a_system_event_nobody_handles_is_ignored_quietly(chat):
    assert await chat.event("payment_settled", {"reference": "R42"}) == []


async def test_a_link_button_carries_its_url(chat):
    await open_flow(chat, "pin")
    for reply in ("Amina", "4831", "4831"):
        await chat.say(reply)
    assert chat.find_choice("Pay online").url == "https://pay.example/1"


async def test_a_bug_in_a_step_gets_an_apology_and_leaves_the_state_as_it_was(chat, store, caplog):
    await open_flow(chat, "broken")
    before = await store.load(chat.key)
    await chat.say("sésame-secret")
    assert "problème technique" in chat.text
    after = await store.load(chat.key)
    assert (after.state, after.version) == (before.state, before.version)
    assert "sésame-secret" not in caplog.text


async def test_a_new_engine_on_the_same_store_resumes_at_the_same_step(store, clock):
    first = ChatDriver(Engine(store, sample_registry(), clock=clock, secret_key=SECRET_KEY))
    await first.say("/start")
    await open_flow(first, "pin")
    await first.say("Amina")
    second = ChatDriver(Engine(store, sample_registry(), clock=clock, secret_key=SECRET_KEY))
    await second.say("4831")
    assert second.text.startswith("Type it again\n")


async def test_after_15_minutes_of_inactivity_the_form_and_the_session_are_dropped(chat, store, clock):
    await open_flow(chat, "pin")
    await chat.say("Amina")
    clock.advance(minutes=16)
    await chat.say("4831")
    assert "expiré" in chat.texts[0]
    stored = await store.load(chat.key)
    assert (stored.flow, stored.data["form"], stored.data["session"]) == ("menu", {}, {})


async def test_14_minutes_of_inactivity_keep_the_form(chat, clock):
    await open_flow(chat, "pin")
    await chat.say("Amina")
    clock.advance(minutes=14)
    await chat.say("4831")
    assert chat.text.startswith("Type it again\n")


async def test_a_state_left_behind_by_a_deploy_restarts_at_the_menu(chat, store):
    stored = await store.load(chat.key)
    stored.flow, stored.state = "removed_flow", "gone"
    await store.save(stored, expected_version=stored.version)
    await chat.say("hello")
    assert "mis à jour" in chat.texts[0] and "Se connecter" in chat.labels


async def test_the_current_steps_buttons_still_work_after_a_restart(store, clock):
    first = ChatDriver(Engine(store, sample_registry(), clock=clock, secret_key=SECRET_KEY))
    await first.say("/start")
    language_button = first.find_choice("Langue · اللغة · Language").id
    second = ChatDriver(Engine(store, sample_registry(), clock=clock, secret_key=SECRET_KEY))
    await second.press(language_button)
    assert second.labels == ["Français", "العربية", "English", "Annuler"]


async def test_a_button_with_the_right_counter_but_another_steps_name_has_expired(chat, store):
    from conversations.choices import step_token

    entry = (await store.load(chat.key)).data["n"]
    await chat.press(f"{step_token('menu', 'renamed_by_a_deploy', entry)}|help")
    assert "plus valable" in chat.texts[0]


async def test_a_step_that_rejects_the_answer_leaves_the_form_as_it_was(chat, store):
    await open_flow(chat, "fickle")
    await chat.say("something")
    assert "pas compris" in chat.texts[0]
    assert (await store.load(chat.key)).data["form"] == {}
