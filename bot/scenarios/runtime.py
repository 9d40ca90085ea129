"""Building the engine the console and the replay talk to.

When the composition root offers `bot.app.open_services(settings, clock=...)`, that is used (the
engine with every flow's services). Until then the engine is built here on the configured SQL
database with the discovered flows; `memory_engine` serves tests and `--memory`.
"""

import inspect
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import timedelta

from bot.config import Settings
from conversations.engine import Engine
from conversations.flows import registry
from conversations.memory_store import MemoryConversationStore
from domain.clock import Clock
from domain.ports import ConversationStore
from storage.database import Database


def build_engine(store: ConversationStore, settings: Settings, clock: Clock, services=None) -> Engine:
    talk = settings.conversations
    return Engine(store, registry(), clock=clock, services=services,
                  inactivity=timedelta(minutes=talk.inactivity_minutes),
                  default_language=talk.default_language, secret_key=_secret_key(settings))


def _secret_key(settings: Settings) -> bytes | None:
    # settings.secrets.conversation_secret (env CONVERSATION_SECRET) once the lead adds it; without
    # it the engine draws a key per process, fine for the console and the replay.
    key = getattr(settings.secrets, "conversation_secret", "")
    return str(key).encode() if key else None


def memory_engine(settings: Settings, clock: Clock) -> Engine:
    return build_engine(MemoryConversationStore(), settings, clock)


def _composition_root():
    try:
        from bot.app import open_services  # the lead's composition root, once it exists
    except ImportError:
        return None
    return open_services


@dataclass
class OpenedBot:
    """What a replay needs from a running bot: the engine, and the database to peek into."""

    engine: Engine
    database: Database | None = None


@asynccontextmanager
async def open_bot(settings: Settings, clock: Clock) -> AsyncIterator[OpenedBot]:
    open_services = _composition_root()
    if open_services is None:
        async with open_sql_bot(settings, clock) as bot:
            yield bot
        return
    opened = open_services(settings, clock=clock)
    if hasattr(opened, "__aenter__"):
        async with opened as services:
            yield OpenedBot(services.engine, getattr(services, "database", None))
        return
    services = await opened if inspect.isawaitable(opened) else opened
    yield OpenedBot(services.engine, getattr(services, "database", None))


@asynccontextmanager
async def open_chat_engine(settings: Settings, clock: Clock) -> AsyncIterator[Engine]:
    async with open_bot(settings, clock) as bot:
        yield bot.engine


@asynccontextmanager
async def open_sql_bot(settings: Settings, clock: Clock) -> AsyncIterator[OpenedBot]:
    """The engine and its flows on the configured database, without the composition root's services."""
    db = Database.open(settings.database.url)
    try:
        await db.migrate()
        yield OpenedBot(build_engine(db.conversations, settings, clock), db)
    finally:
        await db.close()
