"""Replays scenarios/efacture/*.yaml on a seeded demo SQLite database, with the real storage, a
real (cheap) argon2id hasher, real captcha images and PDFs, and the variables the subscriber's
phone and mailbox would give: {captcha.answer} and {outbox.sms.password} / {outbox.email.*}.

`python -m bot replay` runs the same files once it offers these variables (see the report).
"""

from pathlib import Path

import pytest

from bot.config import load_settings
from bot.documents import new_captcha, render_invoice_pdf
from bot.notification_texts import CatalogNotificationTexts
from bot.scenarios.demo import DEMO_LINES, DemoDatabases, identity_variables
from bot.scenarios.format import Scenario, collect, load_file
from bot.scenarios.runner import flatten, run
from bot.scenarios.runtime import build_engine
from bot.security import Argon2PasswordHasher
from conversations.flows.efacture.scenario_support import outbox_variables, with_recording_captchas
from conversations.flows.efacture.services import EfactureServices
from conversations.services import FlowServices
from conversations.testing import ChatDriver, MovableClock
from domain.clock import local_today
from storage.database import Database
from tests.support.databases import postgres_database

FOLDER = Path(__file__).resolve().parents[2] / "scenarios" / "efacture"
FILES = collect([FOLDER])
# The journeys that lean most on storage (accounts, attempt log, outbox), also on PostgreSQL.
ON_POSTGRES = ["registration_mobile_to_invoices", "login_lockout_and_forgotten_password", "profile_and_payment"]

@pytest.fixture(scope="module")
def databases(tmp_path_factory) -> DemoDatabases:
    return DemoDatabases(tmp_path_factory.mktemp("demo"))

def services_on(db: Database) -> FlowServices:
    efacture = EfactureServices.build(db.uow, Argon2PasswordHasher.cheap_for_tests(), CatalogNotificationTexts(),
                                      new_captcha, render_invoice_pdf)
    return FlowServices(efacture=efacture)

async def replay_on(db: Database, scenario: Scenario):
    clock = MovableClock(scenario.clock)
    today = local_today(clock())
    services, captchas = with_recording_captchas(services_on(db))
    engine = build_engine(db.conversations, load_settings(), clock, services=services)
    chat = ChatDriver(engine, key=f"scenario:{scenario.path.stem}", clock=clock, language_hint=scenario.language)
    variables = flatten(identity_variables(today))
    result = None
    for step in scenario.steps:  # one step at a time: the variables change as the bot sends
        variables.update(await outbox_variables(db.uow, clock()), **{"captcha.answer": captchas.last_answer})
        result = await run(Scenario(scenario.name, scenario.path, [step]), chat, clock, variables)
        if not result.passed:
            return result
    return result


def check(path: Path, result) -> None:
    assert result.passed, "\n".join([f"{path.name} at {result.failure}", *result.expected, "actual:", *result.actual])


def test_there_are_scenarios_for_every_e_facture_step():
    assert len(FILES) >= 8

@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
async def test_scenario_on_sqlite(path, databases):
    scenario = load_file(path)
    assert scenario.clock is not None, "e-facture scenarios fix their clock (the demo data depends on it)"
    db = Database.open(await databases.fresh_url(local_today(scenario.clock)))
    try:
        check(path, await replay_on(db, scenario))
    finally:
        await db.close()


@pytest.mark.postgres
@pytest.mark.parametrize("name", ON_POSTGRES)
async def test_scenario_on_postgresql(name):
    scenario = load_file(FOLDER / f"{name}.yaml")
    async with postgres_database(seed_lines=DEMO_LINES, today=local_today(scenario.clock)) as db:
        check(scenario.path, await replay_on(db, scenario))
