"""Bulk load of the demo base into PostgreSQL with COPY (asyncpg copy_records_to_table)."""

from datetime import date
from itertools import islice

from sqlalchemy.ext.asyncio import AsyncEngine

from storage.seed.invoices import FIRST_INVOICE_SEQUENCE, Calendar, invoice_rows
from storage.seed.plan import LINE_FIELDS, Planner
from storage.seed.progress import ProgressBar

BATCH_LINES = 20_000
LINE_COLUMNS = ("id", "customer_number", "service", "segment", "holder_name", "activation_date", "status",
                "payment_code", "msisdn", "email")
INVOICE_COLUMNS = ("number", "customer_number", "msisdn", "line_id", "period", "due_date", "amount_ht_cents",
                   "status", "paid_at", "payment_reference", "details")


async def load_postgres(engine: AsyncEngine, total_lines: int, today: date, progress: bool) -> tuple[int, int]:
    """COPY the lines and invoices in one transaction, then move the id sequence past them."""
    bar = ProgressBar(total_lines, "seed", progress)
    calendar = Calendar.for_today(today, text=False)
    sequence = FIRST_INVOICE_SEQUENCE
    lines = Planner(total_lines, today).lines()
    async with engine.begin() as connection:
        driver = (await connection.get_raw_connection()).driver_connection
        while batch := list(islice(lines, BATCH_LINES)):
            await driver.copy_records_to_table("lines", records=[line[:LINE_FIELDS] for line in batch],
                                               columns=LINE_COLUMNS)
            rows = invoice_rows(batch, sequence, calendar)
            await driver.copy_records_to_table("invoices", records=rows, columns=INVOICE_COLUMNS)
            sequence += len(rows)
            bar.advance(len(batch), f"lines, {sequence - FIRST_INVOICE_SEQUENCE:,} invoices")
        await driver.execute("SELECT setval(pg_get_serial_sequence('lines', 'id'), "
                             "GREATEST((SELECT max(id) FROM lines), 1))")
        await driver.execute("ANALYZE lines; ANALYZE invoices")
    bar.finish(f"{total_lines:,} lines and {sequence - FIRST_INVOICE_SEQUENCE:,} invoices")
    return total_lines, sequence - FIRST_INVOICE_SEQUENCE
