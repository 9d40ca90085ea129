"""Deterministic demo data: `seed_database(db, lines, today)` and the identities it guarantees."""

import asyncio
import time
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import delete, func, select

from domain.clock import local_today, system_clock
from storage import tables
from storage.engine import sqlite_path
from storage.seed.identities import DemoIdentity, demo_identities, format_identities

if TYPE_CHECKING:
    from storage.database import Database

__all__ = ["SeedRefused", "SeedReport", "DemoIdentity", "demo_identities", "format_identities",
           "seed_database"]


class SeedRefused(Exception):
    """The database already holds lines; seeding would mix demo data with them."""


@dataclass(frozen=True)
class SeedReport:
    lines: int
    invoices: int
    seconds: float
    identities: list[DemoIdentity]


async def seed_database(db: "Database", total_lines: int, today: date | None = None, progress: bool = True,
                        reset: bool = False) -> SeedReport:
    """Fill a migrated database with `total_lines` demo lines and 12 months of their invoices."""
    today = today or local_today(system_clock())
    started = time.perf_counter()
    await _ensure_empty(db, reset)
    if db.backend == "sqlite" and sqlite_path(db.url) is not None:
        from storage.seed.sqlite_load import load_sqlite
        await db.engine.dispose()  # the loader needs the file to itself to switch journal modes
        count = await asyncio.to_thread(load_sqlite, sqlite_path(db.url), total_lines, today, progress)
    else:
        from storage.seed.postgres_load import load_postgres
        count = await load_postgres(db.engine, total_lines, today, progress)
    return SeedReport(count[0], count[1], time.perf_counter() - started, demo_identities(today, total_lines))


async def _ensure_empty(db: "Database", reset: bool) -> None:
    async with db.engine.begin() as connection:
        existing = (await connection.execute(select(func.count()).select_from(tables.lines))).scalar_one()
        if existing and not reset:
            raise SeedRefused(f"the database already has {existing:,} lines; use --reset to replace them")
        if existing:
            for table in (tables.payment_invoices, tables.payments, tables.account_lines, tables.accounts,
                          tables.invoices, tables.lines):
                await connection.execute(delete(table))
