"""Real, migrated databases for tests: SQLite files and throw-away PostgreSQL databases.

Helpers (any test, any suite):

    async with sqlite_database(tmp_path, seed_lines=200) as db: ...
    async with postgres_database() as db: ...        # creates, migrates, then drops its own database

Fixtures (import all three into a conftest.py:
`from tests.support.databases import database, postgres_url, sqlite_template  # noqa: F401`):

    database       a migrated, empty `Database`, parametrised over sqlite and postgresql
    postgres_url   one PostgreSQL database per test run, unique name, dropped at the end

PostgreSQL comes from PG_TEST_URL (default postgresql://postgres@127.0.0.1:5432/postgres, the server
`make test` starts). When it does not answer, the PostgreSQL tests FAIL with the reason; they never skip.
"""

import asyncio
import os
import shutil
import uuid
from collections.abc import AsyncIterator, Callable, Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import asyncpg
import pytest
from sqlalchemy.engine import make_url

from storage.database import Database

T = TypeVar("T")
SERVER_URL = os.environ.get("PG_TEST_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
TABLES = ("account_lines", "accounts", "payment_invoices", "payments", "invoices", "lines", "outbox",
          "attempts", "inbound_messages", "conversations")


class PostgresUnavailable(RuntimeError):
    pass


def _asyncpg_dsn(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


async def _admin(sql: str) -> None:
    try:
        connection = await asyncpg.connect(_asyncpg_dsn(SERVER_URL), timeout=5)
    except (OSError, asyncpg.PostgresError, asyncio.TimeoutError) as exc:
        raise PostgresUnavailable(
            f"PostgreSQL is needed by this test but {make_url(SERVER_URL).render_as_string()} does not "
            f"answer ({exc.__class__.__name__}: {exc}). Start it with `make postgres` "
            f"(scripts/ensure-postgres.sh) or set PG_TEST_URL to a server where user postgres may "
            f"create databases.") from exc
    try:
        await connection.execute(sql)
    finally:
        await connection.close()


async def create_postgres_database() -> str:
    """A new, empty database with a unique name; returns its URL."""
    name = f"iam_test_{os.getpid()}_{uuid.uuid4().hex[:10]}"
    await _admin(f'CREATE DATABASE "{name}"')
    return make_url(SERVER_URL).set(database=name).render_as_string(hide_password=False)


async def drop_postgres_database(url: str) -> None:
    await _admin(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)')


async def _prepared(db: Database, seed_lines: int, today: date | None) -> Database:
    await db.migrate()
    if seed_lines:
        from storage.seed import seed_database  # imported late: only suites that seed pay for it
        await seed_database(db, seed_lines, today=today, progress=False)
    return db


@asynccontextmanager
async def sqlite_database(tmp_path: Path, seed_lines: int = 0, today: date | None = None,
                          name: str = "test.sqlite3") -> AsyncIterator[Database]:
    """A migrated SQLite file under tmp_path, optionally seeded with `seed_lines` demo lines."""
    db = Database.open(f"sqlite+aiosqlite:///{tmp_path / name}")
    try:
        yield await _prepared(db, seed_lines, today)
    finally:
        await db.close()


@asynccontextmanager
async def postgres_database(seed_lines: int = 0, today: date | None = None) -> AsyncIterator[Database]:
    """A migrated PostgreSQL database of its own, dropped on exit."""
    url = await create_postgres_database()
    try:
        db = Database.open(url)
        try:
            yield await _prepared(db, seed_lines, today)
        finally:
            await db.close()
    finally:
        await drop_postgres_database(url)


async def empty_tables(db: Database) -> None:
    """Back to a freshly migrated state, cheaper than a new database per test."""
    async with db.engine.begin() as connection:
        await connection.exec_driver_sql(f"TRUNCATE {', '.join(TABLES)} RESTART IDENTITY CASCADE")


def _run_apart(coroutine_function: Callable[..., Coroutine[Any, Any, T]], *args: object) -> T:
    """asyncio.run on a thread of its own: works even when a test's event loop is running."""
    with ThreadPoolExecutor(max_workers=1) as thread:
        return thread.submit(asyncio.run, coroutine_function(*args)).result()


async def _migrated_postgres() -> str:
    url = await create_postgres_database()
    db = Database.open(url)
    try:
        await db.migrate()
    finally:
        await db.close()
    return url


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """One migrated PostgreSQL database for the whole run (unique name), dropped at the end."""
    try:
        url = _run_apart(_migrated_postgres)
    except PostgresUnavailable as exc:
        pytest.fail(str(exc), pytrace=False)
    yield url
    _run_apart(drop_postgres_database, url)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file made once; each test gets a copy (faster than migrating again)."""
    path = tmp_path_factory.mktemp("sqlite-template") / "template.sqlite3"

    async def migrate() -> None:
        db = Database.open(f"sqlite+aiosqlite:///{path}")
        await db.migrate()
        await db.close()

    _run_apart(migrate)
    return path


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
async def database(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Database]:
    """A migrated, empty database on each backend."""
    if request.param == "sqlite":
        copy = tmp_path / "test.sqlite3"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), copy)
        db = Database.open(f"sqlite+aiosqlite:///{copy}")
    else:
        db = Database.open(request.getfixturevalue("postgres_url"))
        await empty_tables(db)
    try:
        yield db
    finally:
        await db.close()
