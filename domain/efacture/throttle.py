"""Plain rate limits over the attempt log: N tries per key within a rolling window.

Used for log-in tries per conversation (on top of the per-login lock-out of login_failures.py),
so a single chat cannot spray passwords over many logins; for Mot de passe oublié requests per
conversation (on top of the 3 a day per login of reset.py); and for "is this login free?" checks
(registration, profile), which must answer "taken" and so are limited per conversation and for
the whole service, since every answer tells whether a login exists.

Each count is read then written under `uow.lock_key`, so parallel tries are each counted.
"""

from datetime import datetime, timedelta

from domain.ports import UnitOfWork

LOGINS_PER_CONVERSATION = 10
LOGIN_WINDOW = timedelta(minutes=15)
# Each reset request costs a password hash (the same work whether the login exists or not), so a
# chat that asks for many logins in a row is slowed down too.
RESETS_PER_CONVERSATION = 5
RESET_WINDOW = timedelta(hours=1)
LOGIN_CHECKS_PER_CONVERSATION = 10
LOGIN_CHECKS_PER_HOUR = 600  # for everybody: a few hundred registrations an hour at the very most
LOGIN_CHECK_WINDOW = timedelta(hours=1)
_ALL_LOGIN_CHECKS = "efacture.login_check:all"


def login_attempt_key(conversation: str) -> str:
    return "efacture.login_conversation:" + conversation[:100]


def reset_attempt_key(conversation: str) -> str:
    return "efacture.reset_conversation:" + conversation[:100]


def login_check_key(conversation: str) -> str:
    return "efacture.login_check:" + conversation[:100]


async def take_attempt(uow: UnitOfWork, key: str, now: datetime, limit: int = LOGINS_PER_CONVERSATION,
                       window: timedelta = LOGIN_WINDOW) -> bool:
    """Record one attempt and say whether it is allowed; refused ones are not recorded, so the
    window closes `window` after the last allowed try."""
    async with uow:
        await uow.lock_key(key)
        if await uow.attempts.count_since(key, now - window) >= limit:
            return False
        await uow.attempts.record(key, now)
        await uow.commit()
    return True


async def take_login_check(uow: UnitOfWork, conversation: str, now: datetime) -> bool:
    """One "is this login free?" check: 10 an hour per conversation, LOGIN_CHECKS_PER_HOUR in all."""
    mine, since = login_check_key(conversation), now - LOGIN_CHECK_WINDOW
    async with uow:
        await uow.lock_key(_ALL_LOGIN_CHECKS)  # one lock covers both counts
        if (await uow.attempts.count_since(mine, since) >= LOGIN_CHECKS_PER_CONVERSATION
                or await uow.attempts.count_since(_ALL_LOGIN_CHECKS, since) >= LOGIN_CHECKS_PER_HOUR):
            return False
        await uow.attempts.record(mine, now)
        await uow.attempts.record(_ALL_LOGIN_CHECKS, now)
        await uow.commit()
    return True
