from datetime import UTC, datetime

import pytest

from conversations.engine import Engine
from conversations.flows import registry
from conversations.memory_store import MemoryConversationStore
from conversations.testing import ChatDriver, MovableClock
from tests.conversations.sample_flows import BROKEN_FLOW, COUNTER_FLOW, FICKLE_FLOW, PIN_FLOW
from tests.support.databases import database, postgres_url, sqlite_template  # noqa: F401

START = datetime(2026, 11, 21, 10, 0, tzinfo=UTC)
SECRET_KEY = b"k" * 32


def sample_registry():
    return registry([PIN_FLOW, BROKEN_FLOW, COUNTER_FLOW, FICKLE_FLOW])


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock(START)


@pytest.fixture
def store() -> MemoryConversationStore:
    return MemoryConversationStore()


@pytest.fixture
def engine(store, clock) -> Engine:
    return Engine(store, sample_registry(), clock=clock, secret_key=SECRET_KEY)


@pytest.fixture
async def chat(engine) -> ChatDriver:
    driver = ChatDriver(engine)
    await driver.say("/start")
    return driver


async def open_flow(chat: ChatDriver, name: str) -> None:
    """Jump straight into a flow the menu does not list (the sample flows)."""
    await chat.event("start_flow", {"flow": name})
