"""Inbound ids are recorded with the state, in one transaction: a failed event is redelivered and
handled again (at-least-once), a handled one is never handled twice."""

from conversations.engine import Engine
from conversations.memory_store import MemoryConversationStore
from conversations.messages import Inbound
from conversations.testing import ChatDriver
from storage.conversations import SqlConversationStore
from storage.conversations_sqlite import SqliteConversationStore
from storage.engine import sqlite_path
from storage.locks import LocalLocks
from tests.conversations.conftest import SECRET_KEY, open_flow, sample_registry

SORRY = "problème technique"


class Crash(RuntimeError):
    """Stands for the process dying (or the database failing) before the save commits."""


class CrashingMemoryStore(MemoryConversationStore):
    armed = False

    async def save(self, conversation, expected_version, inbound_id=None, at=None):
        if self.armed:
            self.armed = False
            raise Crash("before the save")
        await super().save(conversation, expected_version, inbound_id, at)


class CrashingSqliteStore(SqliteConversationStore):
    """Crashes INSIDE the save's transaction, after the state row is written."""

    armed = False

    def _write(self, db, key, values, expected_version):
        written = super()._write(db, key, values, expected_version)
        if self.armed:
            self.armed = False
            raise Crash("after the state write")
        return written


class CrashingSqlStore(SqlConversationStore):
    """Crashes INSIDE the save's transaction, after the state row is written."""

    armed = False

    async def _write(self, connection, key, values, expected_version):
        await super()._write(connection, key, values, expected_version)
        if self.armed:
            self.armed = False
            raise Crash("after the state write")


async def _counter_chat(store, clock) -> ChatDriver:
    chat = ChatDriver(Engine(store, sample_registry(), clock=clock, secret_key=SECRET_KEY), key="telegram:redelivered")
    await chat.say("/start")
    await open_flow(chat, "counter")
    return chat


async def _crash_then_redeliver(store, clock) -> None:
    chat = await _counter_chat(store, clock)
    before = await store.load(chat.key)
    update = Inbound(key=chat.key, at=clock(), text="hello", message_id="tg-1")
    store.armed = True
    assert SORRY in (await chat.send(update))[0].text
    assert not await store.seen_inbound(chat.key, "tg-1")
    assert (await store.load(chat.key)).version == before.version
    assert (await chat.send(update))[0].text == "seen 1"
    assert await chat.send(update) == []
    after = await store.load(chat.key)
    assert after.data["form"]["seen"] == ["hello"] and after.version == before.version + 1


async def test_a_message_whose_save_crashed_is_processed_again_when_redelivered(clock):
    await _crash_then_redeliver(CrashingMemoryStore(), clock)


async def test_a_crash_inside_the_save_transaction_records_nothing_on_sqlite_and_postgresql(database, clock):
    if isinstance(database.conversations, SqliteConversationStore):
        store = CrashingSqliteStore(sqlite_path(database.url))
    else:
        store = CrashingSqlStore(database.engine, LocalLocks())
    try:
        await _crash_then_redeliver(store, clock)
    finally:
        if isinstance(store, SqliteConversationStore):
            await store.close()


async def test_a_message_a_step_failed_on_is_not_marked_seen_and_gets_a_fresh_try(chat, store):
    await open_flow(chat, "broken")
    update = Inbound(key=chat.key, at=chat.clock(), text="anything", message_id="tg-broken")
    assert SORRY in (await chat.send(update))[0].text
    assert not await store.seen_inbound(chat.key, "tg-broken")
    assert SORRY in (await chat.send(update))[0].text  # processed again, not dropped as a duplicate


async def test_a_processed_message_delivered_twice_is_handled_once(store, clock):
    chat = await _counter_chat(store, clock)
    update = Inbound(key=chat.key, at=clock(), text="once", message_id="tg-2")
    assert (await chat.send(update))[0].text == "seen 1"
    version = (await store.load(chat.key)).version
    assert await chat.send(update) == []
    stored = await store.load(chat.key)
    assert stored.data["form"]["seen"] == ["once"] and stored.version == version
    assert await store.seen_inbound(chat.key, "tg-2")


async def test_an_event_that_changes_nothing_still_marks_its_id_seen(engine, store, clock):
    event = Inbound(key="telegram:unknown", at=clock(), event="payment_settled", message_id="ev-1")
    assert await engine.handle(event) == []
    assert await store.seen_inbound("telegram:unknown", "ev-1") and await store.count() == 0
