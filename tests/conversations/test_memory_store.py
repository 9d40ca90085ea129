from datetime import UTC, datetime

import pytest

from conversations.memory_store import MemoryConversationStore
from domain.errors import Conflict
from domain.ports import StoredConversation

NOW = datetime(2026, 11, 21, 10, 0, tzinfo=UTC)


def _conversation(version: int) -> StoredConversation:
    return StoredConversation("test:m", "menu", "main", {"form": {"a": [1]}}, version, NOW)


async def test_a_save_with_a_stale_version_is_a_conflict():
    store = MemoryConversationStore()
    await store.save(_conversation(1), expected_version=0)
    with pytest.raises(Conflict):
        await store.save(_conversation(2), expected_version=0)
    await store.save(_conversation(2), expected_version=1)
    assert (await store.load("test:m")).version == 2


async def test_changes_to_a_loaded_conversation_reach_the_store_only_through_save():
    store = MemoryConversationStore()
    await store.save(_conversation(1), expected_version=0)
    loaded = await store.load("test:m")
    loaded.data["form"]["a"].append(2)
    assert (await store.load("test:m")).data["form"]["a"] == [1]


async def test_an_inbound_id_is_remembered_once_per_conversation():
    store = MemoryConversationStore()
    assert await store.remember_inbound("test:m", "42", NOW)
    assert not await store.remember_inbound("test:m", "42", NOW)
    assert await store.remember_inbound("test:other", "42", NOW)


async def test_a_save_records_its_inbound_id_and_a_failed_save_records_none():
    store = MemoryConversationStore()
    await store.save(_conversation(1), expected_version=0, inbound_id="7", at=NOW)
    with pytest.raises(Conflict):
        await store.save(_conversation(2), expected_version=5, inbound_id="8", at=NOW)
    assert await store.seen_inbound("test:m", "7") and not await store.seen_inbound("test:m", "8")


async def test_a_save_with_an_inbound_id_already_recorded_changes_nothing():
    store = MemoryConversationStore()
    await store.save(_conversation(1), expected_version=0, inbound_id="7", at=NOW)
    with pytest.raises(Conflict):
        await store.save(_conversation(2), expected_version=1, inbound_id="7", at=NOW)
    assert (await store.load("test:m")).version == 1
