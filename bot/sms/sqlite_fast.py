"""A synchronous SQLite unit of work for the SMS responder (only what answer_sms uses).

Why: through SQLAlchemy + aiosqlite one indexed lookup costs ~330 µs here (a hop to aiosqlite's
thread and back, sharing the GIL with the event loop); plain sqlite3 does it in ~11 µs. A keyword
reply needs 1-4 such statements, so the responder's throughput is set by that hop. These
statements are short indexed lookups and one insert, fast enough to run on the event loop itself.

Safety: `busy_timeout = 0`, so the event loop never waits for a lock. If another connection holds
the write lock (or wrote since our read began), the first write raises `SqliteBusy` at once, the
transaction is rolled back with nothing written, and the responder answers the same SMS again
through the regular (async) unit of work. WAL readers never wait.

Same database, tables and row mapping as storage/ (storage.mapping); only the SQL text and the
conversion of SQLite's date strings are here. Suggested home: storage/ (see the SMS report).
"""

import sqlite3
from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from types import SimpleNamespace

from domain.invoices import Invoice, InvoiceStatus
from domain.lines import Line
from storage.mapping import invoice_from_row, line_from_row

# SQLAlchemy's storage format for DateTime on SQLite (UTC, naive), so both paths compare equal.
_DATETIME = "%Y-%m-%d %H:%M:%S.%f"


class SqliteBusy(Exception):
    """Another connection is writing: use the async unit of work for this request."""


def _row(cursor: sqlite3.Cursor, values: tuple) -> SimpleNamespace:
    return SimpleNamespace(**{column[0]: value for column, value in zip(cursor.description, values, strict=True)})


def _stored(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime(_DATETIME)


def _parsed(text: str | None) -> datetime | None:
    return datetime.strptime(text, _DATETIME).replace(tzinfo=UTC) if text else None


class _Lines:
    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    async def by_msisdn(self, msisdn: str) -> Line | None:
        row = self.db.execute("SELECT * FROM lines WHERE msisdn = ?", (msisdn,)).fetchone()
        if row is None:
            return None
        row.activation_date = date.fromisoformat(row.activation_date)
        return line_from_row(row)


class _Invoices:
    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    async def unpaid_for_lines(self, line_ids: Sequence[int]) -> list[Invoice]:
        if not line_ids:
            return []
        marks = ",".join("?" * len(line_ids))
        rows = self.db.execute(f"SELECT * FROM invoices WHERE line_id IN ({marks}) AND status = ? "
                               "ORDER BY period, number", (*line_ids, InvoiceStatus.UNPAID.value)).fetchall()
        for row in rows:
            row.period, row.due_date = date.fromisoformat(row.period), date.fromisoformat(row.due_date)
            row.paid_at = _parsed(row.paid_at)
        return [invoice_from_row(row) for row in rows]


class _Attempts:
    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    async def record(self, key: str, at: datetime) -> None:
        try:
            self.db.execute("INSERT INTO attempts (key, at) VALUES (?, ?)", (key, _stored(at)))
        except sqlite3.OperationalError as exc:  # the write lock is taken: nothing written yet
            raise SqliteBusy(str(exc)) from None

    async def count_since(self, key: str, since: datetime) -> int:
        return self.db.execute("SELECT count(*) AS n FROM attempts WHERE key = ? AND at >= ?",
                               (key, _stored(since))).fetchone().n


class SyncSqliteUnitOfWork:
    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self.lines = _Lines(db)
        self.invoices = _Invoices(db)
        self.attempts = _Attempts(db)

    async def __aenter__(self) -> "SyncSqliteUnitOfWork":
        # A read transaction; the first write takes the write lock or raises SqliteBusy at once
        # (busy_timeout 0), before anything was written: AIDE and unknown words never lock.
        self.db.execute("BEGIN")
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self.db.in_transaction:
            self.db.rollback()

    async def lock_key(self, key: str) -> None:
        """Nothing to do: count and record run with no await in between on the loop's only
        connection, and another process's write makes our first write fail at once (SqliteBusy),
        which sends the request to the locked regular path."""

    async def commit(self) -> None:
        self.db.commit()

    async def rollback(self) -> None:
        self.db.rollback()


class SyncSqlite:
    """One connection, used only from the event loop's thread; `uow()` per request."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        self.db: sqlite3.Connection | None = None

    def _open(self) -> sqlite3.Connection:
        # Opened on first use, i.e. in the event loop's thread, the only one that may use it.
        db = sqlite3.connect(self.path, isolation_level=None)
        db.row_factory = _row
        for pragma in ("journal_mode=WAL", "synchronous=NORMAL", "busy_timeout=0", "foreign_keys=ON",
                       "cache_size=-65536"):
            db.execute(f"PRAGMA {pragma}")
        return db

    def uow(self) -> SyncSqliteUnitOfWork:
        if self.db is None:
            self.db = self._open()
        return SyncSqliteUnitOfWork(self.db)

    def close(self) -> None:
        if self.db is not None:
            self.db.close()
            self.db = None
