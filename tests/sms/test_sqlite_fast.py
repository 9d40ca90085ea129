"""The responder's synchronous SQLite path agrees with storage/ and steps aside when locked."""

import sqlite3
from datetime import date, timedelta

import pytest

from bot.sms.sqlite_fast import SqliteBusy, SyncSqlite
from domain.sms_keywords import answer_sms, code_limit_key
from tests.sms.builders import NOW, add_invoices, add_line, invoice, record_attempts
from tests.support.databases import sqlite_database


async def test_it_reads_lines_and_unpaid_invoices_as_storage_wrote_them(tmp_path):
    async with sqlite_database(tmp_path) as db:
        mobile = await add_line(db, language="ar", code="123456")
        await add_invoices(db, invoice(mobile.id, "0000000000102026", date(2026, 10, 1), date(2026, 11, 15), "641.00"))
        fast = SyncSqlite(db.url.database)
        async with fast.uow() as uow:
            assert await uow.lines.by_msisdn("0612345678") == mobile
            [unpaid] = await uow.invoices.unpaid_for_lines([mobile.id])
        async with db.uow() as uow:
            assert [unpaid] == await uow.invoices.unpaid_for_lines([mobile.id])
        fast.close()


async def test_attempts_recorded_by_either_path_count_in_the_other(tmp_path):
    async with sqlite_database(tmp_path) as db:
        await add_line(db)
        await record_attempts(db, code_limit_key("0612345678"), 3, at=NOW - timedelta(minutes=1))
        fast = SyncSqlite(db.url.database)
        for _ in range(2):
            assert (await answer_sms(fast.uow, "0612345678", "code", NOW)).key == "sms.code"
        assert (await answer_sms(fast.uow, "0612345678", "code", NOW)).key == "sms.too_many_requests"
        async with db.uow() as uow:
            since = NOW - timedelta(hours=1)
            assert await uow.attempts.count_since(code_limit_key("0612345678"), since) == 5
            assert await uow.attempts.count_since(code_limit_key("0612345678"), NOW + timedelta(seconds=1)) == 0
        fast.close()


async def test_while_another_connection_writes_reads_go_on_and_a_write_raises_busy_at_once(tmp_path):
    async with sqlite_database(tmp_path) as db:
        await add_line(db)
        writer = sqlite3.connect(db.url.database, isolation_level=None)
        writer.execute("BEGIN IMMEDIATE")
        fast = SyncSqlite(db.url.database)
        try:
            assert (await answer_sms(fast.uow, "0612345678", "aide", NOW)).key == "sms.help"
            with pytest.raises(SqliteBusy):
                await answer_sms(fast.uow, "0612345678", "code", NOW)
        finally:
            writer.rollback()
            writer.close()
        assert (await answer_sms(fast.uow, "0612345678", "code", NOW)).key == "sms.code"
        async with db.uow() as uow:  # the refused attempt left nothing behind
            assert await uow.attempts.count_since(code_limit_key("0612345678"), NOW - timedelta(hours=1)) == 1
        fast.close()
