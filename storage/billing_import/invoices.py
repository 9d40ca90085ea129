"""Checking parsed invoices against the database, then writing them in bulk."""

from datetime import UTC

from sqlalchemy import bindparam, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from domain.invoices import InvoiceStatus
from storage.billing_import.records import InvoiceRecord, Plan
from storage.tables import invoices, lines

CHUNK = 5_000
_IDENTITY = ("customer_number", "msisdn", "period", "due_date", "amount_ht_cents")


async def _lines_of(connection: AsyncConnection, customers: list[str]) -> dict[str, list[tuple[int, str | None]]]:
    found: dict[str, list[tuple[int, str | None]]] = {}
    for start in range(0, len(customers), CHUNK):
        query = select(lines.c.id, lines.c.customer_number, lines.c.msisdn).where(
            lines.c.customer_number.in_(customers[start:start + CHUNK]))
        for line_id, customer, msisdn in await connection.execute(query):
            found.setdefault(customer, []).append((line_id, msisdn))
    return found


async def _stored(connection: AsyncConnection, numbers: list[str]) -> dict[str, tuple]:
    found = {}
    for start in range(0, len(numbers), CHUNK):
        query = select(invoices.c.number, *(invoices.c[c] for c in _IDENTITY), invoices.c.status).where(
            invoices.c.number.in_(numbers[start:start + CHUNK]))
        for row in await connection.execute(query):
            found[row[0]] = tuple(row[1:])
    return found


def _line_id(record: InvoiceRecord, customer_lines: list[tuple[int, str | None]]) -> int | None | str:
    """The invoice's line: by call number, else the customer's only line; a str is a problem."""
    if record.msisdn is None:
        return customer_lines[0][0] if len(customer_lines) == 1 else None
    for line_id, msisdn in customer_lines:
        if msisdn == record.msisdn:
            return line_id
    return f"numéro d'appel {record.msisdn} is not a line of numéro client {record.customer_number}"


async def plan_invoices(connection: AsyncConnection, records: list[tuple[int, InvoiceRecord]]) -> Plan:
    """(rows to insert, rows to mark paid, unchanged count, errors) - nothing written yet."""
    errors: list[tuple[int, str]] = []
    first_seen: dict[str, tuple[int, InvoiceRecord]] = {}
    unique: list[tuple[int, InvoiceRecord]] = []
    for number, record in records:
        if record.number in first_seen:
            seen_at, seen = first_seen[record.number]
            if seen != record:
                errors.append((number, f"duplicate invoice number {record.number} with other data "
                                       f"(line {seen_at})"))
            continue
        first_seen[record.number] = (number, record)
        unique.append((number, record))
    customers = await _lines_of(connection, sorted({r.customer_number for _, r in unique}))
    stored = await _stored(connection, [r.number for _, r in unique])
    inserts, paid, unchanged = [], [], 0
    for number, record in unique:
        if record.customer_number not in customers:
            errors.append((number, f"unknown numéro client {record.customer_number}"))
            continue
        line_id = _line_id(record, customers[record.customer_number])
        if isinstance(line_id, str):
            errors.append((number, line_id))
            continue
        identity = (record.customer_number, record.msisdn, record.period, record.due_date, record.amount_cents)
        if record.number in stored:
            if stored[record.number][:5] != identity:
                errors.append((number, f"invoice number {record.number} is already stored with other data"))
            elif record.status is InvoiceStatus.PAID and stored[record.number][5] == InvoiceStatus.UNPAID.value:
                paid.append({"b_number": record.number, "paid_at": record.paid_at, "ref": record.reference})
            else:
                unchanged += 1
            continue
        inserts.append((record.number, record.customer_number, record.msisdn, line_id, record.period,
                        record.due_date, record.amount_cents, record.status.value, record.paid_at,
                        record.reference))
    return inserts, paid, unchanged, errors


_MARK_PAID = (update(invoices)
              .where(invoices.c.number == bindparam("b_number"), invoices.c.status == InvoiceStatus.UNPAID.value)
              .values(status=InvoiceStatus.PAID.value, paid_at=bindparam("paid_at"),
                      payment_reference=bindparam("ref")))


_COLUMNS = ("number", "customer_number", "msisdn", "line_id", "period", "due_date", "amount_ht_cents", "status",
            "paid_at", "payment_reference")
_SQLITE_INSERT = f"INSERT INTO invoices ({', '.join(_COLUMNS)}) VALUES ({', '.join('?' * len(_COLUMNS))})"
_SQLITE_DATETIME = "%Y-%m-%d %H:%M:%S.%f"  # SQLAlchemy's text form of DateTime on SQLite, in UTC


def _sqlite_row(row: tuple) -> tuple:
    paid_at = row[8].astimezone(UTC).strftime(_SQLITE_DATETIME) if row[8] else None
    return (*row[:4], row[4].isoformat(), row[5].isoformat(), *row[6:8], paid_at, row[9])


async def write_invoices(connection: AsyncConnection, inserts: list[tuple], paid: list[dict]) -> None:
    """New invoices in bulk, below SQLAlchemy's per-row processing: COPY on PostgreSQL, a raw
    executemany on SQLite (with dates in the text form SQLAlchemy reads back)."""
    if inserts and connection.dialect.name == "postgresql":
        driver = (await connection.get_raw_connection()).driver_connection
        await driver.copy_records_to_table("invoices", records=inserts, columns=_COLUMNS)
    elif inserts:
        await connection.exec_driver_sql(_SQLITE_INSERT, [_sqlite_row(row) for row in inserts])
    if paid:
        await connection.execute(_MARK_PAID, paid)
