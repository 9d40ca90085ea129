"""PayerIdentification under tries sent at the same moment from many chats (SQLite and
PostgreSQL): the three-tries limit holds, every try is counted, a late right code is blocked."""

import asyncio
from datetime import UTC, date, datetime

import pytest

from domain.efacture.proofs import typed_code
from domain.errors import Refused
from domain.lines import Line
from domain.payment_usecases import IDENTIFICATION_BLOCKED, IDENTIFICATION_FAILED, PayerIdentification
from domain.payment_usecases.identify import failure_key
from domain.services import LineStatus, Segment, ServiceType
from tests.storage.key_queue import in_key_order, postgres_db  # noqa: F401 - fixture
from tests.support.databases import database, postgres_url, sqlite_template  # noqa: F401 - fixtures

NOW = datetime(2026, 11, 21, 10, 0, tzinfo=UTC)
MSISDN, CODE = "0612345678", "268169"


class CountingCheck:
    """A code check that counts how many times a stored code was compared with it."""

    def __init__(self, typed: str, checked: list[str]) -> None:
        self._check, self._checked, self._typed = typed_code(typed), checked, typed

    def __call__(self, actual: str) -> bool:
        self._checked.append(self._typed)
        return self._check(actual)


async def _add_line(db) -> None:
    async with db.uow() as uow:
        await uow.lines.add(Line(None, "11716820", ServiceType.MOBILE, Segment.PARTICULIER, "Imane Tazi",
                                 date(2024, 1, 5), LineStatus.ACTIVE, CODE, MSISDN))
        await uow.commit()


@pytest.fixture
async def payers(database):  # noqa: F811 - the imported fixture
    await _add_line(database)
    return PayerIdentification(database.uow)


async def _outcome(payers: PayerIdentification, code: str, checked: list[str]) -> str:
    try:
        await payers.identify(ServiceType.MOBILE, MSISDN, CountingCheck(code, checked), NOW)
    except Refused as refused:
        return refused.reason
    return "identified"


async def test_thirteen_guesses_at_once_get_three_checks_at_most(payers):
    codes = ["0000"] * 7 + [CODE] + ["1111"] * 5
    checked: list[str] = []
    outcomes = await asyncio.gather(*(_outcome(payers, code, checked) for code in codes))
    # Checks take turns, so `checked` is in the order they ran: the right code counts only among
    # the first three, and then (it forgets the failures) three more may be checked.
    assert CODE not in checked[3:]
    assert len(checked) <= (6 if "identified" in outcomes else 3)
    assert outcomes.count("identified") == checked.count(CODE)


async def test_the_right_code_eighth_in_line_is_blocked(postgres_db):  # noqa: F811 - the imported fixture
    await _add_line(postgres_db)
    payers = PayerIdentification(postgres_db.uow)
    codes = ["0000"] * 7 + [CODE] + ["1111"] * 5
    checked: list[str] = []
    outcomes = await in_key_order(postgres_db, failure_key(ServiceType.MOBILE, MSISDN),
                                  [_outcome(payers, code, checked) for code in codes])
    assert outcomes == [IDENTIFICATION_FAILED] * 2 + [IDENTIFICATION_BLOCKED] * 11
    assert checked == ["0000"] * 3


async def test_thirty_wrong_codes_at_once_get_three_checks_and_a_block(payers):
    checked: list[str] = []
    outcomes = await asyncio.gather(*(_outcome(payers, f"{n:04d}", checked) for n in range(30)))
    assert len(checked) == 3
    assert sorted(outcomes) == [IDENTIFICATION_BLOCKED] * 28 + [IDENTIFICATION_FAILED] * 2


async def test_identification_tries_are_counted_under_a_digest_of_the_number(payers, database):  # noqa: F811
    await _outcome(payers, "0000", [])
    async with database.engine.connect() as connection:
        keys = (await connection.exec_driver_sql("SELECT key FROM attempts")).scalars().all()
    assert len(keys) == 1 and MSISDN not in keys[0]
