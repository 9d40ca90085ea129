import asyncio
from datetime import timedelta

import pytest

from domain.errors import Conflict
from domain.ports import StoredConversation
from storage.database import Database
from tests.storage.builders import NOW


def a_conversation(key="telegram:42", **data) -> StoredConversation:
    return StoredConversation(key, "login", "ASK_PASSWORD", {"attempts": 0, **data}, 0, NOW, "fr")


async def test_a_saved_conversation_loads_back_with_the_next_version(database):
    conversation = a_conversation(login="amina", note="مرحبا")
    await database.conversations.save(conversation, expected_version=0)
    loaded = await database.conversations.load("telegram:42")
    assert loaded == StoredConversation("telegram:42", "login", "ASK_PASSWORD",
                                        {"attempts": 0, "login": "amina", "note": "مرحبا"}, 1, NOW, "fr")
    assert conversation.version == 1 and await database.conversations.count() == 1


async def test_an_unknown_conversation_loads_as_none(database):
    assert await database.conversations.load("sms:0600000000") is None
    assert await database.conversations.count() == 0


async def test_saving_with_a_stale_version_is_a_conflict(database):
    await database.conversations.save(a_conversation(), 0)
    first = await database.conversations.load("telegram:42")
    second = await database.conversations.load("telegram:42")
    first.state = "DONE"
    await database.conversations.save(first, first.version)
    with pytest.raises(Conflict):
        await database.conversations.save(second, second.version)
    with pytest.raises(Conflict):
        await database.conversations.save(a_conversation(), 0)
    assert (await database.conversations.load("telegram:42")).state == "DONE"


async def test_an_inbound_message_id_is_remembered_once_per_conversation(database):
    store = database.conversations
    assert await store.remember_inbound("telegram:42", "1001", NOW) is True
    assert await store.remember_inbound("telegram:42", "1001", NOW + timedelta(seconds=1)) is False
    assert await store.remember_inbound("telegram:43", "1001", NOW) is True


async def _increment(store, key: str) -> None:
    async with store.lock(key):
        conversation = await store.load(key)
        await asyncio.sleep(0)  # give the other tasks every chance to interleave
        conversation.data["counter"] += 1
        conversation.updated_at = conversation.updated_at + timedelta(seconds=1)
        await store.save(conversation, conversation.version)


async def test_fifty_concurrent_increments_under_the_lock_all_count(database):
    await database.conversations.save(a_conversation(counter=0), 0)
    await asyncio.gather(*(_increment(database.conversations, "telegram:42") for _ in range(50)))
    final = await database.conversations.load("telegram:42")
    assert final.data["counter"] == 50 and final.version == 51


async def test_locks_of_different_conversations_do_not_wait_for_each_other(database):
    store = database.conversations
    async with store.lock("telegram:1"):
        await asyncio.wait_for(_hold_briefly(store, "telegram:2"), timeout=5)


async def _hold_briefly(store, key: str) -> None:
    async with store.lock(key):
        pass


@pytest.mark.postgres
async def test_two_processes_contend_for_one_conversation_on_postgresql(postgres_url):
    first, second = Database.open(postgres_url), Database.open(postgres_url)
    try:
        key = "telegram:contended"
        await first.conversations.save(a_conversation(key, counter=0), 0)
        tasks = [_increment(db.conversations, key) for _ in range(25) for db in (first, second)]
        await asyncio.gather(*tasks)
        assert (await second.conversations.load(key)).data["counter"] == 50
    finally:
        await first.close()
        await second.close()


@pytest.mark.postgres
async def test_a_postgresql_lock_held_by_one_process_blocks_the_other(postgres_url):
    first, second = Database.open(postgres_url), Database.open(postgres_url)
    try:
        async with first.conversations.lock("telegram:7"):
            waiting = asyncio.create_task(_hold_briefly(second.conversations, "telegram:7"))
            await asyncio.sleep(0.2)
            assert not waiting.done()
        await asyncio.wait_for(waiting, timeout=5)
    finally:
        await first.close()
        await second.close()


async def test_giving_up_waiting_for_a_lock_leaves_the_conversation_lockable(database):
    store = database.conversations
    async with store.lock("telegram:9"):
        with pytest.raises(TimeoutError):
            await asyncio.wait_for(_hold_briefly(store, "telegram:9"), timeout=0.2)
    await asyncio.wait_for(_hold_briefly(store, "telegram:9"), timeout=5)


@pytest.mark.postgres
async def test_a_postgresql_lock_given_up_by_one_process_is_not_left_behind(postgres_url):
    first, second = Database.open(postgres_url), Database.open(postgres_url)
    try:
        async with first.conversations.lock("telegram:8"):
            with pytest.raises(TimeoutError):
                await asyncio.wait_for(_hold_briefly(second.conversations, "telegram:8"), timeout=0.2)
        await asyncio.wait_for(_hold_briefly(second.conversations, "telegram:8"), timeout=5)
        await asyncio.wait_for(_hold_briefly(first.conversations, "telegram:8"), timeout=5)
    finally:
        await first.close()
        await second.close()


async def test_old_inbound_ids_can_be_forgotten_and_are_then_accepted_again(database):
    store = database.conversations
    await store.remember_inbound("telegram:42", "old", NOW - timedelta(days=2))
    await store.remember_inbound("telegram:42", "recent", NOW)
    assert await store.forget_inbound_before(NOW - timedelta(days=1)) == 1
    assert await store.remember_inbound("telegram:42", "old", NOW) is True
    assert await store.remember_inbound("telegram:42", "recent", NOW) is False


async def test_seen_inbound_tells_a_recorded_id_and_records_nothing_itself(database):
    store = database.conversations
    assert await store.seen_inbound("telegram:42", "1001") is False
    assert await store.remember_inbound("telegram:42", "1001", NOW) is True
    assert await store.seen_inbound("telegram:42", "1001") is True
    assert await store.seen_inbound("telegram:43", "1001") is False
    assert await store.remember_inbound("telegram:43", "1001", NOW) is True


async def test_a_successful_save_records_its_inbound_id_with_the_state(database):
    store = database.conversations
    await store.save(a_conversation(), 0, inbound_id="2001", at=NOW)
    await store.save(await store.load("telegram:42"), 1, inbound_id="2002")  # `at` defaults to updated_at
    assert await store.seen_inbound("telegram:42", "2001") and await store.seen_inbound("telegram:42", "2002")
    assert (await store.load("telegram:42")).version == 2
    assert await store.forget_inbound_before(NOW + timedelta(seconds=1)) == 2


async def test_a_save_that_fails_its_version_check_records_no_inbound_id(database):
    store = database.conversations
    await store.save(a_conversation(), 0)
    with pytest.raises(Conflict):
        await store.save(a_conversation(), 0, inbound_id="new-again", at=NOW)
    stale = await store.load("telegram:42")
    stale.state = "STALE"
    with pytest.raises(Conflict):
        await store.save(stale, expected_version=7, inbound_id="stale", at=NOW)
    assert not await store.seen_inbound("telegram:42", "new-again")
    assert not await store.seen_inbound("telegram:42", "stale")
    assert (await store.load("telegram:42")).state == "ASK_PASSWORD"


async def test_a_save_with_an_inbound_id_already_recorded_rolls_the_state_back(database):
    store = database.conversations
    await store.save(a_conversation(), 0, inbound_id="3001", at=NOW)
    again = await store.load("telegram:42")
    again.state = "DONE"
    with pytest.raises(Conflict):
        await store.save(again, again.version, inbound_id="3001", at=NOW)
    assert (await store.load("telegram:42")).state == "ASK_PASSWORD"
    assert (await store.load("telegram:42")).version == 1
    await store.remember_inbound("telegram:46", "4601", NOW)
    with pytest.raises(Conflict):  # also for a new conversation: its row is not left behind
        await store.save(a_conversation("telegram:46"), 0, inbound_id="4601")
    assert await store.load("telegram:46") is None and await store.count() == 1


async def test_the_store_keeps_working_after_a_failed_save(database):
    store = database.conversations
    await store.save(a_conversation(), 0, inbound_id="5001", at=NOW)
    with pytest.raises(Conflict):
        await store.save(a_conversation(), 0, inbound_id="5002", at=NOW)
    conversation = await store.load("telegram:42")
    await store.save(conversation, conversation.version, inbound_id="5002", at=NOW)
    assert (await store.load("telegram:42")).version == 2 and await store.seen_inbound("telegram:42", "5002")
