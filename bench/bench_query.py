"""One line's last 6 invoices on the 1,000,000-line base: median and p99, against a floor.

Floor, same run, same database, same code path: a primary-key lookup of one row
(`uow.lines.get(id)`). Target: median under 1 ms for the last-6-invoices query. Also measured:
the same inside a fresh unit of work each time (what a request pays), and the conversation
store's load + save (the engine's per-event storage cost).
Needs data/bench/seed-1m.sqlite3 from bench_seed.py (made here if missing).
"""

import argparse
import asyncio
import random
import sys
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path

from _report import median, percentile, write_section
from bench_seed import database_path, fresh, seed
from sqlalchemy.exc import DBAPIError

from domain.ports import StoredConversation
from storage.database import Database

SAMPLES = 3_000


async def timed(samples: list[int], operation: Callable[[int], Awaitable[object]]) -> list[float]:
    durations = []
    for line_id in samples:
        started = time.perf_counter()
        await operation(line_id)
        durations.append((time.perf_counter() - started) * 1000)
    return durations


async def measure(db: Database, lines: int) -> dict[str, list[float]]:
    rng = random.Random(6)
    samples = [rng.randint(1, lines) for _ in range(SAMPLES)]
    results = {}
    async with db.uow() as uow:
        await timed(samples[:300], lambda i: uow.invoices.latest_for_lines([i]))  # warm-up
        results["floor: PK lookup of one line (open unit of work)"] = await timed(samples, uow.lines.get)
        results["last 6 invoices of one line (open unit of work)"] = await timed(
            samples, lambda i: uow.invoices.latest_for_lines([i]))
        counts = [len(await uow.invoices.latest_for_lines([i])) for i in samples[:200]]

    async def in_new_uow(line_id: int, last_six: bool) -> None:
        async with db.uow() as uow:
            await (uow.invoices.latest_for_lines([line_id]) if last_six else uow.lines.get(line_id))

    results["floor: PK lookup in a new unit of work"] = await timed(samples, lambda i: in_new_uow(i, False))
    results["last 6 invoices in a new unit of work"] = await timed(samples, lambda i: in_new_uow(i, True))
    results["conversation load + save"] = await conversation_round_trips(db, samples)
    print(f"invoices per query: median {median(counts)}, min {min(counts)}", file=sys.stderr)
    return results


async def conversation_round_trips(db: Database, samples: list[int]) -> list[float]:
    now = datetime.now(UTC)
    store = db.conversations
    for key in {f"bench:{i % 100}" for i in samples}:
        if await store.load(key) is None:
            await store.save(StoredConversation(key, "invoices", "MENU", {"n": 0, "line": 1}, 0, now), 0)

    async def round_trip(line_id: int) -> None:
        conversation = await store.load(f"bench:{line_id % 100}")
        conversation.data["n"] += 1
        await store.save(conversation, conversation.version)

    return await timed(samples, round_trip)


async def query_plan(db: Database) -> str:
    async with db.engine.connect() as connection:
        rows = await connection.exec_driver_sql(
            "EXPLAIN QUERY PLAN SELECT * FROM invoices WHERE line_id IN (?) ORDER BY period DESC, number DESC "
            "LIMIT 6", (1,))
        return "; ".join(str(row[-1]) for row in rows)


async def line_count(path: Path) -> int | None:
    if not path.exists():
        return None
    db = Database.open(f"sqlite+aiosqlite:///{path}")
    try:
        async with db.engine.connect() as connection:
            return (await connection.exec_driver_sql("SELECT max(id) FROM lines")).scalar()
    except DBAPIError:
        return None
    finally:
        await db.close()


async def run(lines: int) -> tuple[dict[str, list[float]], str]:
    path = database_path(lines)
    if await line_count(path) != lines:  # missing, or left half-made by an interrupted bench_seed
        fresh(path)
        await seed(path, lines)
    db = Database.open(f"sqlite+aiosqlite:///{path}")
    try:
        return await measure(db, lines), await query_plan(db)
    finally:
        await db.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lines", type=int, default=1_000_000)
    args = parser.parse_args()
    results, plan = asyncio.run(run(args.lines))
    floor = median(results["floor: PK lookup of one line (open unit of work)"])
    rows = "\n".join(f"| {name} | {median(values):.3f} | {percentile(values, 99):.3f} | "
                     f"{median(values) / floor:.1f}x |" for name, values in results.items())
    target = median(results["last 6 invoices of one line (open unit of work)"])
    verdict = "meets" if target < 1 else "MISSES"
    body = f"""
{SAMPLES:,} random lines of {args.lines:,} (SQLite, warm page cache), through the repositories.

| operation | median ms | p99 ms | vs floor |
|---|---|---|---|
{rows}

Last 6 invoices: median **{target:.3f} ms** ({verdict} the 1 ms target). SQLite plan: `{plan}`.
"""
    write_section("query", f"Last 6 invoices of one line among {args.lines:,}", body,
                  f".venv/bin/python bench/bench_query.py --lines {args.lines}")
    return 0 if verdict == "meets" else 1


if __name__ == "__main__":
    sys.exit(main())
