"""Seeding 1,000,000 lines (about 12 million invoices) into SQLite: time and rows/s.

Floor, same run: raw sqlite3 inserting already-built invoice tuples into a bare table with the
same pragmas, i.e. what SQLite alone costs per row on this machine; the ratio shows what
generating the data and building the indexes add. Target: under 3 minutes.
The database is kept at data/bench/seed-1m.sqlite3 for bench_query.py (data/ is not in git).
"""

import argparse
import asyncio
import sqlite3
import sys
import time
from datetime import date
from pathlib import Path

from _report import write_section

from storage.database import Database
from storage.seed import SeedReport, seed_database

BENCH_DIR = Path(__file__).resolve().parent.parent / "data" / "bench"
TODAY = date(2026, 11, 21)
TARGET_SECONDS = 180


def database_path(lines: int) -> Path:
    return BENCH_DIR / ("seed-1m.sqlite3" if lines == 1_000_000 else f"seed-{lines}.sqlite3")


def fresh(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    for leftover in path.parent.glob(path.name + "*"):
        leftover.unlink()


async def seed(path: Path, lines: int) -> SeedReport:
    db = Database.open(f"sqlite+aiosqlite:///{path}")
    try:
        await db.migrate()
        return await seed_database(db, lines, today=TODAY, progress=True)
    finally:
        await db.close()


def insert_floor(path: Path, rows: int) -> float:
    """Seconds for raw executemany of `rows` prebuilt 11-column tuples into an unindexed table."""
    fresh(path)
    connection = sqlite3.connect(path, isolation_level=None)
    for pragma in ("journal_mode=OFF", "synchronous=OFF", "locking_mode=EXCLUSIVE", "cache_size=-262144"):
        connection.execute(f"PRAGMA {pragma}")
    connection.execute("CREATE TABLE t (number TEXT PRIMARY KEY, a TEXT, b TEXT, c INT, d TEXT, e TEXT, "
                       "f INT, g TEXT, h TEXT, i TEXT, j TEXT)")
    batch = [(f"{n:016d}", "11716820", "0612345678", n, "2026-10-01", "2026-11-30", 12345, "PAID",
              "2026-11-02 10:00:00.000000", "CMI", None) for n in range(rows)]
    started = time.perf_counter()
    connection.execute("BEGIN")
    connection.executemany("INSERT INTO t VALUES (?,?,?,?,?,?,?,?,?,?,?)", batch)
    connection.execute("COMMIT")
    elapsed = time.perf_counter() - started
    connection.close()
    fresh(path)
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lines", type=int, default=1_000_000)
    args = parser.parse_args()
    path = database_path(args.lines)
    fresh(path)
    report = asyncio.run(seed(path, args.lines))
    rows = report.lines + report.invoices
    floor_rows = 1_000_000
    floor = insert_floor(BENCH_DIR / "floor.sqlite3", floor_rows)
    floor_rate, rate = floor_rows / floor, rows / report.seconds
    verdict = "meets" if report.seconds < TARGET_SECONDS or args.lines != 1_000_000 else "MISSES"
    body = f"""
| what | figure |
|---|---|
| lines | {report.lines:,} |
| invoices | {report.invoices:,} |
| total time (generate + insert + build indexes + analyze) | **{report.seconds:.1f} s** ({verdict} the {TARGET_SECONDS} s target) |
| rows/s overall | {rate:,.0f} |
| floor: raw sqlite3 executemany of prebuilt rows, no index | {floor_rate:,.0f} rows/s |
| ratio floor / overall | {floor_rate / rate:.1f}x |
| database size | {path.stat().st_size / 2**30:.2f} GiB |
"""
    write_section("seed", f"Seeding {args.lines:,} lines into SQLite", body,
                  f".venv/bin/python bench/bench_seed.py --lines {args.lines}")
    return 0 if verdict == "meets" else 1


if __name__ == "__main__":
    sys.exit(main())
