"""The storage entry point the composition root uses.

    db = Database.open("sqlite+aiosqlite:///data/iam.sqlite3")
    await db.migrate()
    async with db.uow() as uow: ...
    await db.conversations.load(key)
    await db.close()

Opening builds engines but connects lazily, so nothing touches the database before first use.
"""

from sqlalchemy.engine import URL
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.conversations import SqlConversationStore
from storage.conversations_sqlite import SqliteConversationStore
from storage.engine import backend_of, create_engine, normalize_url, sqlite_path
from storage.locks import AdvisoryLocks, LocalLocks
from storage.migrate import migrate
from storage.unit_of_work import SqlUnitOfWork


class Database:
    def __init__(self, url: URL, engine: AsyncEngine, lock_engine: AsyncEngine | None) -> None:
        self.url = url
        self.engine = engine
        self._lock_engine = lock_engine
        self.conversations: SqlConversationStore | SqliteConversationStore
        path = sqlite_path(url) if lock_engine is None else None
        if lock_engine is not None:
            self.conversations = SqlConversationStore(engine, AdvisoryLocks(lock_engine))
        elif path is not None:
            self.conversations = SqliteConversationStore(path)
        else:  # in-memory SQLite: the raw connection would not see the same database
            self.conversations = SqlConversationStore(engine, LocalLocks())

    @classmethod
    def open(cls, url: str | URL, *, pool_size: int = 10) -> "Database":
        parsed = normalize_url(url)
        if backend_of(parsed) == "postgresql":
            engine = create_engine(parsed, pool_size=pool_size, max_overflow=20)
            # Lock connections wait for other processes; their own pool keeps them from starving
            # the main one. One per conversation being handled at the same moment.
            lock_engine = create_engine(parsed, pool_size=2, max_overflow=98, pool_timeout=60,
                                        isolation_level="AUTOCOMMIT")
            return cls(parsed, engine, lock_engine)
        return cls(parsed, create_engine(parsed), None)

    @property
    def backend(self) -> str:
        return backend_of(self.url)

    def uow(self) -> SqlUnitOfWork:
        return SqlUnitOfWork(self.engine)

    async def migrate(self) -> str:
        """Apply pending migrations; returns the schema revision now in place."""
        return await migrate(self.engine)

    async def close(self) -> None:
        if isinstance(self.conversations, SqliteConversationStore):
            await self.conversations.close()
        await self.engine.dispose()
        if self._lock_engine is not None:
            await self._lock_engine.dispose()

    async def __aenter__(self) -> "Database":
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    def __repr__(self) -> str:
        return f"Database({self.url.render_as_string(hide_password=True)!r})"
