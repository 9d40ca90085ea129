"""Bulk load of the demo base into SQLite with the raw sqlite3 module.

During the load: no journal, no fsync, an exclusive lock, big batches in one transaction, and the
secondary indexes dropped; they are rebuilt once at the end (one sort each, much cheaper than
maintaining them row by row), then the database goes back to WAL.
"""

import sqlite3
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from sqlalchemy.dialects import sqlite as sqlite_dialect
from sqlalchemy.schema import CreateIndex

from storage.seed.batches import Batch, batches
from storage.seed.progress import ProgressBar
from storage.tables import SECONDARY_INDEXES, metadata

_INSERT_LINE = ("INSERT INTO lines (id, customer_number, service, segment, holder_name, activation_date, "
                "status, payment_code, msisdn, email) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
_INSERT_INVOICE = ("INSERT INTO invoices (number, customer_number, msisdn, line_id, period, due_date, "
                   "amount_ht_cents, status, paid_at, payment_reference, details) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
_LOAD_PRAGMAS = ("journal_mode=OFF", "synchronous=OFF", "locking_mode=EXCLUSIVE", "cache_size=-262144",
                 "temp_store=MEMORY", "threads=2")  # threads: CREATE INDEX may sort on the second core
_AFTER_PRAGMAS = ("locking_mode=NORMAL", "synchronous=NORMAL", "journal_mode=WAL")


def _index_ddl(table: str) -> list[tuple[str, str]]:
    wanted = SECONDARY_INDEXES[table]
    indexes = [i for i in metadata.tables[table].indexes if i.name in wanted]
    return [(i.name, str(CreateIndex(i).compile(dialect=sqlite_dialect.dialect()))) for i in indexes]


def load_sqlite(path: Path, total_lines: int, today: date, progress: bool,
                worker: bool | None = None) -> tuple[int, int]:
    """Insert `total_lines` lines and their invoices into an empty, migrated database file."""
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        for pragma in _LOAD_PRAGMAS:
            connection.execute(f"PRAGMA {pragma}")
        indexes = _index_ddl("lines") + _index_ddl("invoices")
        for name, _ in indexes:
            connection.execute(f"DROP INDEX IF EXISTS {name}")
        bar = ProgressBar(total_lines, "seed", progress)
        invoices = _insert_all(connection, batches(total_lines, today, True, worker), bar)
        for name, ddl in indexes:
            bar.note(f"building index {name}")
            connection.execute(ddl)
        bar.note("analyzing")
        connection.execute("PRAGMA analysis_limit=1000")
        connection.execute("ANALYZE")
        for pragma in _AFTER_PRAGMAS:
            connection.execute(f"PRAGMA {pragma}")
        bar.finish(f"{total_lines:,} lines and {invoices:,} invoices")
        return total_lines, invoices
    finally:
        connection.close()


def _insert_all(connection: sqlite3.Connection, source: Iterator[Batch], bar: ProgressBar) -> int:
    invoices = 0
    connection.execute("BEGIN")
    for line_rows, invoice_rows in source:
        connection.executemany(_INSERT_LINE, line_rows)
        connection.executemany(_INSERT_INVOICE, invoice_rows)
        invoices += len(invoice_rows)
        bar.advance(len(line_rows), f"lines, {invoices:,} invoices")
    connection.execute("COMMIT")
    return invoices
