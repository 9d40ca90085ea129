import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.__main__ import main
from domain.invoices import InvoiceStatus
from domain.services import LineStatus, ServiceType
from storage.billing_import import ImportRefused, import_file
from storage.tables import invoices, lines

DOC = Path(__file__).resolve().parents[2] / "docs" / "billing-import.md"
LINES_HEADER = "numero_client,numero_appel,service,segment,titulaire,date_activation,statut,code_paiement,email"
INVOICES_HEADER = "numero_facture,numero_client,numero_appel,echeance,date_limite,montant_ht,statut,date_paiement"


def doc_examples() -> tuple[str, str]:
    lines_csv, invoices_csv = re.findall(r"```csv\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    return lines_csv, invoices_csv


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


async def counts(db) -> tuple[int, int]:
    async with db.engine.connect() as connection:
        return ((await connection.execute(select(func.count()).select_from(lines))).scalar_one(),
                (await connection.execute(select(func.count()).select_from(invoices))).scalar_one())


@pytest.fixture
def example_files(tmp_path):
    lines_csv, invoices_csv = doc_examples()
    return write(tmp_path, "lignes.csv", lines_csv), write(tmp_path, "factures.csv", invoices_csv)


async def test_the_documented_examples_import_lines_then_invoices(database, example_files):
    lines_file, invoices_file = example_files
    first = await import_file(database, lines_file)
    second = await import_file(database, invoices_file)
    assert (first.kind, first.inserted, second.kind, second.inserted) == ("lines", 5, "invoices", 3)
    async with database.uow() as uow:
        amina = await uow.lines.by_msisdn("0612345678")
        [internet] = [ln for ln in await uow.lines.by_customer_number("5502231") if ln.msisdn is None]
        paid = await uow.invoices.get("0000171682092026")
        unpaid = await uow.invoices.unpaid_for_lines([amina.id])
    assert amina.holder_name == "Amina Benali" and amina.email == "amina.benali@gmail.com"
    assert internet.service is ServiceType.INTERNET
    assert paid.status is InvoiceStatus.PAID and paid.amount_ht == Decimal("641.00")
    assert paid.period == date(2026, 9, 1) and paid.due_date == date(2026, 10, 31)
    assert paid.paid_at.isoformat() == "2026-10-12T09:42:00+00:00" and paid.line_id == amina.id
    assert [i.number for i in unpaid] == ["0000171683102026"]


async def test_importing_the_same_files_twice_changes_nothing(database, example_files):
    for path in example_files:
        await import_file(database, path)
    before = await counts(database)
    again = [await import_file(database, path) for path in example_files]
    assert [(r.inserted, r.updated, r.unchanged) for r in again] == [(0, 0, 5), (0, 0, 3)]
    assert await counts(database) == before


async def test_a_changed_line_is_updated_and_a_paid_invoice_is_settled(database, example_files, tmp_path):
    for path in example_files:
        await import_file(database, path)
    lines_csv, invoices_csv = doc_examples()
    changed = lines_csv.replace("2022-09-01,ACTIVE,118204", "2022-09-01,SUSPENDED,118204")
    settled = invoices_csv.replace("655,50;UNPAID;;", "655,50;PAID;2026-11-20;CMI")
    assert (await import_file(database, write(tmp_path, "l2.csv", changed))).updated == 1
    assert (await import_file(database, write(tmp_path, "f2.csv", settled))).updated == 1
    async with database.uow() as uow:
        assert (await uow.lines.by_msisdn("0661234567")).status is LineStatus.SUSPENDED
        assert (await uow.invoices.get("0000171683102026")).payment_reference == "CMI"


async def test_a_file_with_bad_rows_imports_nothing_and_reports_every_one(database, example_files, tmp_path):
    await import_file(database, example_files[0])
    bad = write(tmp_path, "bad.csv", "\n".join([
        INVOICES_HEADER,
        "0000000000012026,1716820,0612345678,2026-01,2026-02-28,100.00,UNPAID,",    # 2: good
        "0000000000022026,1716820,0612345678,2026-02,2026-03-31,12;3,UNPAID,",      # 3: amount
        "0000000000032026,99999999,,2026-03,2026-04-30,100.00,UNPAID,",              # 4: unknown client
        "0000000000042026,1716820,0812345678,2026-04,2026-05-31,100.00,UNPAID,",    # 5: bad number
        "0000000000052026,1716820,0612345678,2026-05,31/13/2026,100.00,UNPAID,",    # 6: date
        "0000000000012026,1716820,0612345678,2026-01,2026-02-28,999.00,UNPAID,",    # 7: duplicate
        "0000000000062026,1716820,0522456789,2026-06,2026-07-31,100.00,UNPAID,",    # 8: other client's line
    ]) + "\n")
    with pytest.raises(ImportRefused) as refused:
        await import_file(database, bad)
    reasons = dict(refused.value.errors)
    assert sorted(reasons) == [3, 4, 5, 6, 7, 8]
    assert "malformed amount" in reasons[3]
    assert "unknown numéro client 99999999" in reasons[4]
    assert "bad number" in reasons[5]
    assert "malformed date_limite" in reasons[6]
    assert "duplicate invoice number 0000000000012026 with other data (line 2)" in reasons[7]
    assert "is not a line of numéro client 1716820" in reasons[8]
    assert await counts(database) == (5, 0)


async def test_bad_lines_are_reported_with_their_reasons_and_nothing_is_stored(database, tmp_path):
    bad = write(tmp_path, "lignes.csv", "\n".join([
        LINES_HEADER,
        "1716820,0612345678,MOBILE,,Amina Benali,2021-03-14,,483920,",
        "1716820,0522345678,MOBILE,,Karim Tazi,2021-03-14,,483921,",     # 3: a Fixe number as Mobile
        "abc,0612345679,MOBILE,,Karim Tazi,2021-03-14,,483922,",        # 4: numéro client
        "1716821,0612345670,TABLETTE,,Karim Tazi,14/03/2021,,48,x@y",   # 5: service, code, email
        "1716822,0612345671,MOBILE,,Karim Tazi,2021-02-30,,483923,",    # 6: date
        "1716823,0612345672,MOBILE",                                    # 7: columns
    ]) + "\n")
    with pytest.raises(ImportRefused) as refused:
        await import_file(database, bad)
    reasons = dict(refused.value.errors)
    assert sorted(reasons) == [3, 4, 5, 6, 7]
    assert "bad number 0522345678: not a MOBILE number" in reasons[3]
    assert "bad numéro client 'abc'" in reasons[4]
    assert all(word in reasons[5] for word in ("unknown service", "bad code_paiement", "bad email"))
    assert "malformed date_activation" in reasons[6] and "expected 9 columns, got 3" in reasons[7]
    assert await counts(database) == (0, 0)


async def test_an_unrecognised_header_is_refused(database, tmp_path):
    with pytest.raises(ImportRefused) as refused:
        await import_file(database, write(tmp_path, "x.csv", "foo,bar\n1,2\n"))
    assert refused.value.errors[0][0] == 1 and "unrecognised header" in refused.value.errors[0][1]


def test_the_import_command_exits_non_zero_on_refusal_and_lists_the_rows(tmp_path, capsys, example_files):
    url = f"sqlite+aiosqlite:///{tmp_path / 'cli.sqlite3'}"
    bad = write(tmp_path, "bad.csv", INVOICES_HEADER + "\n0000000000012026,424242,,2026-01,2026-02-28,1,,\n")
    assert main(["import", "--database", url, *map(str, example_files)]) == 0
    assert main(["import", "--database", url, str(bad)]) == 1
    err = capsys.readouterr().err
    assert "bad.csv:2: unknown numéro client 424242" in err and "nothing imported" in err
