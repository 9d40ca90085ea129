"""Wrong passwords sent at the same moment from many chats are each counted, on SQLite and
PostgreSQL: the five-tries lock-out holds however the tries are spread over connections."""

import asyncio
import threading
import time

from domain.accounts import LOCKOUT
from domain.efacture import login_failures
from domain.efacture.login import Authenticator
from domain.errors import Refused
from tests.efacture.builders import NOW, a_line, an_account
from tests.efacture.fakes import FakePasswordHasher
from tests.storage.key_queue import in_key_order, postgres_db  # noqa: F401 - fixture
from tests.support.databases import database, postgres_url, sqlite_template  # noqa: F401 - fixtures

RIGHT, WRONG = "Secret2026", "Wrong2026"
REAL_HASH = "fake:v1:" + RIGHT


class SlowHasher(FakePasswordHasher):
    """Takes about as long as argon2 (on the worker thread, like argon2) and counts the
    verifications made against the account's real hash: the guesses that were really checked."""

    def __init__(self) -> None:
        super().__init__()
        self.real_checks: list[str] = []  # in the order they ran
        self._lock = threading.Lock()

    def verify(self, password_hash: str, password: str) -> bool:
        time.sleep(0.01)
        if password_hash == REAL_HASH:
            with self._lock:
                self.real_checks.append(password)
        return super().verify(password_hash, password)


async def _with_account(database) -> None:  # noqa: F811 - the imported fixture
    async with database.uow() as uow:
        line = await uow.lines.add(a_line(None))
        await uow.accounts.add(an_account(id=None, line_ids=(line.id,)))
        await uow.commit()


async def _outcome(authenticator: Authenticator, database, password: str) -> str:  # noqa: F811
    try:
        await authenticator.log_in(database.uow(), "amina", password, NOW)
    except Refused as refused:
        return refused.reason
    return "logged_in"


async def test_twenty_wrong_passwords_at_once_lock_the_account_after_five_checks(database):  # noqa: F811
    await _with_account(database)
    hasher = SlowHasher()
    authenticator = Authenticator(hasher)
    outcomes = await asyncio.gather(*(_outcome(authenticator, database, WRONG) for _ in range(20)))
    assert len(hasher.real_checks) == 5
    assert sorted(outcomes) == ["bad_credentials"] * 4 + ["locked"] * 16
    assert await _outcome(authenticator, database, RIGHT) == "locked"


async def test_the_right_password_among_parallel_guesses_counts_only_if_among_the_first_five_checked(database):  # noqa: F811
    await _with_account(database)
    hasher = SlowHasher()
    authenticator = Authenticator(hasher)
    guesses = [WRONG] * 7 + [RIGHT] + [WRONG] * 5
    outcomes = await asyncio.gather(*(_outcome(authenticator, database, guess) for guess in guesses))
    # Tries take turns, so `real_checks` is in the order they ran: the right password counts only
    # among the first five checked, and then (it forgets the failures) five more may be checked.
    assert RIGHT not in hasher.real_checks[5:]
    assert len(hasher.real_checks) <= (10 if "logged_in" in outcomes else 5)
    assert outcomes.count("logged_in") == hasher.real_checks.count(RIGHT)


async def test_the_right_password_eighth_in_line_is_refused_by_the_lock(postgres_db):  # noqa: F811
    await _with_account(postgres_db)
    authenticator = Authenticator(SlowHasher())
    guesses = [WRONG] * 7 + [RIGHT] + [WRONG] * 5
    outcomes = await in_key_order(postgres_db, login_failures.lock_key("amina"),
                                  [_outcome(authenticator, postgres_db, guess) for guess in guesses])
    assert outcomes == ["bad_credentials"] * 4 + ["locked"] * 9
    async with postgres_db.uow() as uow:
        assert (await uow.accounts.by_login("amina")).last_login_at is None
    later = await authenticator.log_in(postgres_db.uow(), "amina", RIGHT, NOW + LOCKOUT)
    assert later.account.login == "amina"
