"""Bulk load of the demo base into PostgreSQL with COPY (asyncpg copy_records_to_table)."""

import asyncio
from datetime import date

from sqlalchemy.ext.asyncio import AsyncEngine

from storage.seed.batches import batches
from storage.seed.progress import ProgressBar

LINE_COLUMNS = ("id", "customer_number", "service", "segment", "holder_name", "activation_date", "status",
                "payment_code", "msisdn", "email")
INVOICE_COLUMNS = ("number", "customer_number", "msisdn", "line_id", "period", "due_date", "amount_ht_cents",
                   "status", "paid_at", "payment_reference", "details")
_DONE = object()


async def load_postgres(engine: AsyncEngine, total_lines: int, today: date, progress: bool) -> tuple[int, int]:
    """COPY the lines and invoices in one transaction, then move the id sequence past them."""
    bar = ProgressBar(total_lines, "seed", progress)
    source = batches(total_lines, today, text=False)
    invoices = 0
    async with engine.begin() as connection:
        driver = (await connection.get_raw_connection()).driver_connection
        # the generator blocks (it computes, or waits for the worker): keep it off the event loop
        while (batch := await asyncio.to_thread(next, source, _DONE)) is not _DONE:
            line_rows, invoice_rows = batch
            await driver.copy_records_to_table("lines", records=line_rows, columns=LINE_COLUMNS)
            await driver.copy_records_to_table("invoices", records=invoice_rows, columns=INVOICE_COLUMNS)
            invoices += len(invoice_rows)
            bar.advance(len(line_rows), f"lines, {invoices:,} invoices")
        await driver.execute("SELECT setval(pg_get_serial_sequence('lines', 'id'), "
                             "GREATEST((SELECT max(id) FROM lines), 1))")
        await driver.execute("ANALYZE lines; ANALYZE invoices")
    bar.finish(f"{total_lines:,} lines and {invoices:,} invoices")
    return total_lines, invoices
