"""Importing 100,000 invoices from a billing CSV export (target: under 10 s), then the same file again.

Base: a fresh SQLite database seeded with 20,000 lines; the CSV holds 100,000 new invoices for
those lines. Floor, same run: reading the same file with the csv module alone (no checks, no
database). The second import must change nothing (idempotence) and shows the cost of checking.
"""

import argparse
import asyncio
import csv
import random
import sys
import time
from pathlib import Path

from _report import write_section
from bench_seed import BENCH_DIR, TODAY, fresh
from sqlalchemy import select

from storage.billing_import import import_file
from storage.database import Database
from storage.seed import seed_database
from storage.tables import lines

HEADER = "numero_facture;numero_client;numero_appel;echeance;date_limite;montant_ht;statut;date_paiement\n"


async def write_export(db: Database, path: Path, count: int) -> None:
    async with db.engine.connect() as connection:
        owners = (await connection.execute(select(lines.c.customer_number, lines.c.msisdn))).all()
    rng = random.Random(100)
    with path.open("w", encoding="utf-8") as out:
        out.write(HEADER)
        for n in range(count):
            customer, msisdn = owners[rng.randrange(len(owners))]
            year, month = 2010 + n % 12, 1 + n % 12
            paid = n % 3 == 0
            out.write(f"{9_000_000_000 + n:010d}{month:02d}{year};{customer};{msisdn or ''};{year}-{month:02d};"
                      f"28/{month:02d}/{year};{rng.randint(5_000, 90_000) / 100:.2f}".replace(".", ",")
                      + (f";PAID;{year}-{month:02d}-20\n" if paid else ";UNPAID;\n"))


def read_floor(path: Path) -> float:
    started = time.perf_counter()
    with path.open(encoding="utf-8") as source:
        for _ in csv.reader(source, delimiter=";"):
            pass
    return time.perf_counter() - started


async def run(count: int, base_lines: int) -> dict[str, float]:
    path = BENCH_DIR / "import.sqlite3"
    fresh(path)
    export = BENCH_DIR / f"invoices-{count}.csv"
    db = Database.open(f"sqlite+aiosqlite:///{path}")
    try:
        await db.migrate()
        await seed_database(db, base_lines, today=TODAY, progress=False)
        await write_export(db, export, count)
        started = time.perf_counter()
        first = await import_file(db, export)
        first_seconds = time.perf_counter() - started
        started = time.perf_counter()
        second = await import_file(db, export)
        second_seconds = time.perf_counter() - started
    finally:
        await db.close()
    assert first.inserted == count and second.inserted == second.updated == 0, (first, second)
    return {"first": first_seconds, "second": second_seconds, "floor": read_floor(export)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--invoices", type=int, default=100_000)
    parser.add_argument("--base-lines", type=int, default=20_000)
    args = parser.parse_args()
    figures = asyncio.run(run(args.invoices, args.base_lines))
    verdict = "meets" if figures["first"] < 10 else "MISSES"
    body = f"""
{args.invoices:,} invoices (`;`-separated, decimal commas, a third of them PAID) into SQLite holding
{args.base_lines:,} seeded lines.

| run | seconds | invoices/s | vs floor |
|---|---|---|---|
| floor: csv.reader alone over the same file | {figures['floor']:.2f} | {args.invoices / figures['floor']:,.0f} | 1.0x |
| first import (parse, check, insert, one transaction) | **{figures['first']:.2f}** | {args.invoices / figures['first']:,.0f} | {figures['first'] / figures['floor']:.1f}x |
| same file again (all checked, nothing changes) | {figures['second']:.2f} | {args.invoices / figures['second']:,.0f} | {figures['second'] / figures['floor']:.1f}x |

First import: **{figures['first']:.2f} s** ({verdict} the 10 s target).
"""
    write_section("import", f"Importing {args.invoices:,} invoices", body,
                  f".venv/bin/python bench/bench_import.py --invoices {args.invoices}")
    return 0 if verdict == "meets" else 1


if __name__ == "__main__":
    sys.exit(main())
