"""The engine on the real SQL stores: restart, and one event at a time per conversation."""

import asyncio

import pytest

from conversations.engine import Engine
from conversations.messages import Inbound
from conversations.testing import ChatDriver
from storage.database import Database
from tests.conversations.conftest import SECRET_KEY, open_flow, sample_registry
from tests.support.databases import sqlite_database


def _engine(store, clock) -> Engine:
    return Engine(store, sample_registry(), clock=clock, secret_key=SECRET_KEY)


async def test_a_new_process_on_the_same_sqlite_file_resumes_mid_flow(tmp_path, clock):
    async with sqlite_database(tmp_path) as db:
        chat = ChatDriver(_engine(db.conversations, clock), key="telegram:77")
        await chat.say("/start")
        await open_flow(chat, "pin")
        await chat.say("Amina")
    # The first engine and its database handles are gone, as after killing the process.
    async with sqlite_database(tmp_path) as db:
        chat = ChatDriver(_engine(db.conversations, clock), key="telegram:77")
        await chat.say("4831")
        assert chat.text.startswith("Type it again\n")
        await chat.say("4831")
        assert "Waiting for the payment" in chat.text


async def _send_many(engines: list[Engine], key: str, clock, count: int) -> list[list]:
    inbounds = [Inbound(key=key, at=clock(), text=f"msg {i}", message_id=f"id{i}") for i in range(count)]
    return await asyncio.gather(*(engines[i % len(engines)].handle(x) for i, x in enumerate(inbounds)))


async def _counter_conversation(engine: Engine, key: str) -> int:
    chat = ChatDriver(engine, key=key)
    await chat.say("/start")
    await open_flow(chat, "counter")
    return (await engine.store.load(key)).version


async def test_50_concurrent_events_are_handled_one_at_a_time_without_lost_update(database, clock):
    engine = _engine(database.conversations, clock)
    version = await _counter_conversation(engine, "telegram:50")
    replies = await _send_many([engine], "telegram:50", clock, 50)
    stored = await database.conversations.load("telegram:50")
    assert sorted(stored.data["form"]["seen"]) == sorted(f"msg {i}" for i in range(50))
    assert stored.version == version + 50
    assert sorted(r[0].text for r in replies) == sorted(f"seen {n}" for n in range(1, 51))


@pytest.mark.postgres
async def test_two_processes_sharing_postgresql_serialise_one_conversation(postgres_url, clock):
    async with Database.open(postgres_url) as first, Database.open(postgres_url) as second:
        engines = [_engine(first.conversations, clock), _engine(second.conversations, clock)]
        version = await _counter_conversation(engines[0], "telegram:pg2")
        await _send_many(engines, "telegram:pg2", clock, 50)
        stored = await first.conversations.load("telegram:pg2")
        assert len(stored.data["form"]["seen"]) == 50 and stored.version == version + 50
