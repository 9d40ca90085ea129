"""Engines for both backends, built on demand (never at import time).

SQLite gets WAL (readers never wait for the writer), a busy timeout (writers queue instead of
failing), foreign keys, and a page cache of up to 64 MiB per connection (allocated only as used;
the 2 MiB default makes bulk imports thrash the index pages); PostgreSQL uses asyncpg with its
prepared-statement cache.

Both hide bound parameters from error texts (`hide_parameters`): an IntegrityError or a timeout
would otherwise carry the values of the statement (a one-time password in an outbox body, a
login) into logs and into the outbox's last_error.
"""

from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

BUSY_TIMEOUT_MS = 30_000


def normalize_url(url: str | URL) -> URL:
    """Accept plain `postgresql://` and `sqlite:///` URLs and pick the async drivers."""
    parsed = make_url(url)
    if parsed.drivername in {"postgresql", "postgres", "postgresql+psycopg2"}:
        parsed = parsed.set(drivername="postgresql+asyncpg")
    elif parsed.drivername == "sqlite":
        parsed = parsed.set(drivername="sqlite+aiosqlite")
    if parsed.drivername not in {"postgresql+asyncpg", "sqlite+aiosqlite"}:
        raise ValueError(f"unsupported database URL {parsed.render_as_string(hide_password=True)}")
    return parsed


def backend_of(url: URL) -> str:
    return "sqlite" if url.drivername.startswith("sqlite") else "postgresql"


def sqlite_path(url: URL) -> Path | None:
    database = url.database or ""
    return None if database in {"", ":memory:"} or database.startswith("file:") else Path(database)


def create_engine(url: str | URL, **options) -> AsyncEngine:
    parsed = normalize_url(url)
    if backend_of(parsed) == "postgresql":
        return create_async_engine(parsed, pool_pre_ping=False, hide_parameters=True, **options)
    path = sqlite_path(parsed)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
    engine = create_async_engine(parsed, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000},
                                 hide_parameters=True, **options)
    event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_connection: Any, _record: object) -> None:
    cursor = dbapi_connection.cursor()
    for pragma in ("journal_mode=WAL", "synchronous=NORMAL", f"busy_timeout={BUSY_TIMEOUT_MS}",
                   "foreign_keys=ON", "temp_store=MEMORY", "cache_size=-65536"):
        cursor.execute(f"PRAGMA {pragma}")
    cursor.close()
