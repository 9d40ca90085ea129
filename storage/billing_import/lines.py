"""Checking parsed lines against the database, then inserting new ones and updating changed ones.

A line is known by its numéro d'appel, or, for an Internet line (no call number), by its numéro
client. The billing system is the reference for lines: a known line whose data changed (status,
holder, email...) is updated; an identical one is left alone, so a second import changes nothing.
"""

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from domain.lines import Line
from domain.services import ServiceType
from storage.billing_import.records import Plan
from storage.mapping import line_values
from storage.tables import lines

CHUNK = 5_000
_FIELDS = ("customer_number", "service", "segment", "holder_name", "activation_date", "status",
           "payment_code", "msisdn", "email")


def key_of(line: Line) -> tuple[str, str]:
    return ("msisdn", line.msisdn) if line.msisdn else ("internet", line.customer_number)


async def _stored(connection: AsyncConnection, keys: list[tuple[str, str]]) -> dict[tuple[str, str], tuple]:
    columns = (lines.c.id, *(lines.c[f] for f in _FIELDS))
    msisdns = [value for kind, value in keys if kind == "msisdn"]
    customers = [value for kind, value in keys if kind == "internet"]
    found = {}
    for start in range(0, max(len(msisdns), len(customers)), CHUNK):
        for row in await connection.execute(select(*columns).where(lines.c.msisdn.in_(msisdns[start:start + CHUNK]))):
            found[("msisdn", row.msisdn)] = tuple(row)
        query = select(*columns).where(lines.c.customer_number.in_(customers[start:start + CHUNK]),
                                       lines.c.service == ServiceType.INTERNET.value)
        for row in await connection.execute(query):
            found.setdefault(("internet", row.customer_number), tuple(row))
    return found


async def plan_lines(connection: AsyncConnection, records: list[tuple[int, Line]]) -> Plan:
    """(rows to insert, rows to update, unchanged count, errors) - nothing written yet."""
    errors: list[tuple[int, str]] = []
    first_seen: dict[tuple[str, str], tuple[int, Line]] = {}
    unique = []
    for number, line in records:
        key = key_of(line)
        if key in first_seen:
            if first_seen[key][1] != line:
                errors.append((number, f"line {key[1]} appears twice with other data (line {first_seen[key][0]})"))
            continue
        first_seen[key] = (number, line)
        unique.append(line)
    stored = await _stored(connection, [key_of(line) for line in unique])
    inserts, updates, unchanged = [], [], 0
    for line in unique:
        values = line_values(line)
        del values["language"]
        existing = stored.get(key_of(line))
        if existing is None:
            inserts.append(values)
        elif tuple(existing[1:]) != tuple(values[f] for f in _FIELDS):
            updates.append({"b_id": existing[0], **values})
        else:
            unchanged += 1
    return inserts, updates, unchanged, errors


_UPDATE = update(lines).where(lines.c.id == bindparam("b_id")).values(
    {f: bindparam(f) for f in _FIELDS})


async def write_lines(connection: AsyncConnection, inserts: list[dict], updates: list[dict]) -> None:
    for start in range(0, len(inserts), CHUNK * 4):
        await connection.execute(insert(lines), inserts[start:start + CHUNK * 4])
    if updates:
        await connection.execute(_UPDATE, updates)
