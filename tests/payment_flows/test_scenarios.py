"""scenarios/payment/*.yaml replayed on a fresh seeded SQLite each, with the payment and e-facture
services wired as in tests/payment_flows/conftest.py (the composition root may not wire them yet)."""

from contextlib import asynccontextmanager
from pathlib import Path

import pytest

from bot.config import Settings
from bot.scenarios.replay import replay
from bot.scenarios.runtime import OpenedBot
from storage.database import Database
from tests.payment_flows.conftest import build_engine

FOLDER = Path(__file__).resolve().parents[2] / "scenarios" / "payment"


@asynccontextmanager
async def open_payment_bot(settings: Settings, clock):
    db = Database.open(settings.database.url)
    try:
        await db.migrate()
        engine, _ = build_engine(db, clock)
        yield OpenedBot(engine, db)
    finally:
        await db.close()


@pytest.mark.parametrize("path", sorted(FOLDER.glob("*.yaml")), ids=lambda p: p.stem)
async def test_the_payment_scenario_passes(path: Path):
    report: list[str] = []
    status = await replay([path], Settings(), report.append, open_engine=open_payment_bot)
    assert status == 0, "\n".join(report)


def test_there_are_payment_scenarios():
    assert len(list(FOLDER.glob("*.yaml"))) >= 6
