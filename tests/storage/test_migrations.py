from alembic import command
from sqlalchemy import inspect

from storage.database import Database
from storage.migrate import alembic_config, current_revision, head_revision


async def test_migrating_twice_leaves_the_schema_at_the_head_revision(database):
    assert await database.migrate() == head_revision()
    assert await database.migrate() == head_revision()
    assert await current_revision(database.engine) == head_revision()


async def test_the_access_paths_have_their_indexes(database):
    async with database.engine.connect() as connection:
        indexes = await connection.run_sync(
            lambda sync: {t: {i["name"] for i in inspect(sync).get_indexes(t)}
                          for t in ("lines", "invoices", "accounts")})
    assert {"ix_lines_msisdn", "ix_lines_customer_number"} <= indexes["lines"]
    assert {"ix_invoices_line_id_period", "ix_invoices_customer_number_period",
            "ix_invoices_msisdn_period"} <= indexes["invoices"]
    assert "ix_accounts_login" in indexes["accounts"]


async def test_opening_a_database_does_not_touch_the_file_until_used(tmp_path):
    path = tmp_path / "sub" / "lazy.sqlite3"
    db = Database.open(f"sqlite+aiosqlite:///{path}")
    assert not path.exists()
    await db.migrate()
    assert path.exists()
    await db.close()


async def test_the_schema_downgrades_to_nothing_and_upgrades_again(database):
    async with database.engine.begin() as connection:
        await connection.run_sync(lambda sync: command.downgrade(alembic_config(sync), "base"))
        tables = await connection.run_sync(lambda sync: set(inspect(sync).get_table_names()))
    assert tables <= {"alembic_version"}
    assert await database.migrate() == head_revision()


async def test_revision_0002_adds_the_pending_one_time_password_and_takes_it_away_on_downgrade(database):
    def columns(sync) -> set[str]:
        return {column["name"] for column in inspect(sync).get_columns("accounts")}

    async with database.engine.begin() as connection:
        assert "temporary_password_hash" in await connection.run_sync(columns)
        await connection.run_sync(lambda sync: command.downgrade(alembic_config(sync), "0001"))
        assert "temporary_password_hash" not in await connection.run_sync(columns)
    assert await database.migrate() == head_revision()


async def test_revision_0003_adds_the_confirmation_sms_number_and_language_and_takes_them_away(database):
    def columns(sync) -> set[str]:
        return {column["name"] for column in inspect(sync).get_columns("payments")}

    async with database.engine.begin() as connection:
        assert {"notify_msisdn", "language"} <= await connection.run_sync(columns)
        await connection.run_sync(lambda sync: command.downgrade(alembic_config(sync), "0002"))
        assert not {"notify_msisdn", "language"} & await connection.run_sync(columns)
    assert await database.migrate() == head_revision()
