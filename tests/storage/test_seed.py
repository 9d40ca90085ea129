import asyncio
import re
from datetime import date

import pytest
from sqlalchemy import select

from domain.invoices import DisplayStatus, is_invoice_number
from domain.services import Segment, ServiceType
from storage.engine import sqlite_path
from storage.seed import SeedRefused, demo_identities, seed_database
from storage.seed.sqlite_load import load_sqlite
from storage.tables import invoices, lines
from tests.support.databases import postgres_database, sqlite_database

TODAY = date(2026, 11, 21)


async def _dump(db):
    async with db.engine.connect() as connection:
        line_rows = (await connection.execute(select(lines).order_by(lines.c.id))).all()
        invoice_rows = (await connection.execute(select(invoices).order_by(invoices.c.number))).all()
    return [tuple(r) for r in line_rows], [tuple(r) for r in invoice_rows]


@pytest.fixture
async def seeded(tmp_path):
    async with sqlite_database(tmp_path, seed_lines=200, today=TODAY) as db:
        yield db


async def test_the_same_number_of_lines_gives_the_same_data(tmp_path, seeded):
    async with sqlite_database(tmp_path, seed_lines=200, today=TODAY, name="again.sqlite3") as again:
        assert await _dump(again) == await _dump(seeded)


@pytest.mark.postgres
async def test_postgresql_receives_exactly_the_same_data_as_sqlite(seeded):
    async with postgres_database(seed_lines=200, today=TODAY) as pg:
        assert await _dump(pg) == await _dump(seeded)
        async with pg.uow() as uow:  # the id sequence was moved past the copied rows
            line = (await uow.lines.get(1))
            added = await uow.lines.add(type(line)(**{**_fields(line), "id": None, "msisdn": "0699999990"}))
        assert added.id == 201


def _fields(line):
    return {name: getattr(line, name) for name in type(line).__slots__}


async def test_the_base_mixes_services_segments_packs_and_families(seeded):
    async with seeded.uow() as uow:
        all_lines = await uow.lines.by_ids(list(range(1, 201)))
    assert len(all_lines) == 200
    assert {line.service for line in all_lines} == set(ServiceType)
    assert Segment.ENTREPRISE in {line.segment for line in all_lines}
    by_customer: dict[str, list] = {}
    for line in all_lines:
        by_customer.setdefault(line.customer_number, []).append(line)
    assert any({ln.service for ln in group} == {ServiceType.FIXE, ServiceType.INTERNET}
               for group in by_customer.values()), "a Duo pack"
    assert any(sum(ln.service is ServiceType.MOBILE for ln in group) >= 2 for group in by_customer.values())
    assert any(line.email for line in all_lines) and any(line.email is None for line in all_lines)
    for line in all_lines:
        if line.service is ServiceType.MOBILE:
            assert re.fullmatch(r"0[67]\d{8}", line.msisdn)
        elif line.service is ServiceType.FIXE:
            assert re.fullmatch(r"05\d{8}", line.msisdn)
        else:
            assert line.msisdn is None
        assert re.fullmatch(r"\d{6}", line.payment_code)


async def test_invoices_cover_twelve_months_with_paid_unpaid_and_overdue_ones(seeded):
    async with seeded.engine.connect() as connection:
        rows = (await connection.execute(select(invoices.c.number))).scalars().all()
    assert all(is_invoice_number(number) for number in rows)
    async with seeded.uow() as uow:
        history = [i for line_id in range(1, 201) for i in await uow.invoices.latest_for_lines([line_id], 12)]
    statuses = {i.display_status(TODAY) for i in history}
    assert {DisplayStatus.PAID, DisplayStatus.UNPAID, DisplayStatus.OVERDUE} <= statuses
    assert {i.period for i in history} == ({date(2025, 11, 1), date(2025, 12, 1)}
                                           | {date(2026, m, 1) for m in range(1, 11)})
    assert all(i.amount_ht > 0 for i in history)
    showcase = {i.line_id for i in history if i.details}
    assert showcase and max(showcase) < 30, "only the showcase lines' invoices carry detail lines"
    assert all(sum(d.amount_ht for d in i.details) == i.amount_ht for i in history if i.details)


async def test_every_printed_identity_is_in_the_database_and_fits_its_purpose(seeded):
    identities = demo_identities(TODAY, 200)
    assert [i.key for i in identities] == ["mobile", "fixe", "duo", "entreprise", "family", "new_line",
                                           "paid_mobile", "internet"]
    async with seeded.uow() as uow:
        three_unpaid, fixe, duo, entreprise, family, fresh, all_paid, internet = identities
        mobile = await uow.lines.by_msisdn(three_unpaid.msisdn)
        unpaid = await uow.invoices.unpaid_for_lines([mobile.id])
        assert mobile.service is ServiceType.MOBILE and mobile.payment_code == three_unpaid.payment_code
        assert [i.display_status(TODAY) for i in unpaid] == [DisplayStatus.OVERDUE] * 2 + [DisplayStatus.UNPAID]
        assert (await uow.lines.by_msisdn(fixe.msisdn)).service is ServiceType.FIXE
        assert {ln.service for ln in await uow.lines.by_customer_number(duo.customer_number)} == {
            ServiceType.FIXE, ServiceType.INTERNET}
        assert (await uow.lines.by_msisdn(entreprise.msisdn)).segment is Segment.ENTREPRISE
        assert len(await uow.lines.by_customer_number(family.customer_number)) >= 2
        new_line = await uow.lines.by_msisdn(fresh.msisdn)
        assert new_line.activated_in_month_of(TODAY)
        assert await uow.invoices.latest_for_lines([new_line.id]) == []
        paid_line = await uow.lines.by_msisdn(all_paid.msisdn)
        assert await uow.invoices.unpaid_for_lines([paid_line.id]) == []
        assert len(await uow.invoices.latest_for_lines([paid_line.id])) == 6
        [internet_line] = await uow.lines.by_customer_number(internet.customer_number)
        assert internet_line.service is ServiceType.INTERNET and internet_line.msisdn is None


async def test_seeding_a_database_that_already_has_lines_is_refused_unless_reset(seeded):
    with pytest.raises(SeedRefused):
        await seed_database(seeded, 10, today=TODAY, progress=False)
    report = await seed_database(seeded, 30, today=TODAY, progress=False, reset=True)
    async with seeded.uow() as uow:
        assert len(await uow.lines.by_ids(list(range(1, 201)))) == report.lines == 30


def test_the_seed_and_migrate_commands_print_the_identities_and_the_revision(tmp_path, capsys):
    from bot.__main__ import main

    url = f"sqlite+aiosqlite:///{tmp_path / 'cli.sqlite3'}"
    assert main(["migrate", "--database", url]) == 0
    assert "schema at revision 0003" in capsys.readouterr().out
    assert main(["seed", "--lines", "50", "--today", "2026-11-21", "--quiet", "--database", url]) == 0
    out = capsys.readouterr().out
    assert "50 lines" in out and "Test identities" in out
    assert demo_identities(TODAY, 50)[0].msisdn in out
    assert main(["seed", "--lines", "50", "--quiet", "--database", url]) == 1
    assert "use --reset" in capsys.readouterr().err


async def test_a_worker_process_generates_exactly_the_same_base(tmp_path, seeded):
    async with sqlite_database(tmp_path, name="worker.sqlite3") as db:
        await db.engine.dispose()
        await asyncio.to_thread(load_sqlite, sqlite_path(db.url), 200, TODAY, False, True)
        assert await _dump(db) == await _dump(seeded)
