"""A plain rate limit over the attempt log: N tries per key within a rolling window.

Used for log-in tries per conversation (on top of the per-account lock-out of login.py), so a
single chat cannot spray passwords over many logins, and for Mot de passe oublié requests per
conversation (on top of the 3 a day per login of reset.py).
"""

from datetime import datetime, timedelta

from domain.ports import UnitOfWork

LOGINS_PER_CONVERSATION = 10
LOGIN_WINDOW = timedelta(minutes=15)
# Each reset request costs a password hash (the same work whether the login exists or not), so a
# chat that asks for many logins in a row is slowed down too.
RESETS_PER_CONVERSATION = 5
RESET_WINDOW = timedelta(hours=1)


def login_attempt_key(conversation: str) -> str:
    return "efacture.login_conversation:" + conversation[:100]


def reset_attempt_key(conversation: str) -> str:
    return "efacture.reset_conversation:" + conversation[:100]


async def take_attempt(uow: UnitOfWork, key: str, now: datetime, limit: int = LOGINS_PER_CONVERSATION,
                       window: timedelta = LOGIN_WINDOW) -> bool:
    """Record one attempt and say whether it is allowed; refused ones are not recorded, so the
    window closes `window` after the last allowed try."""
    async with uow:
        if await uow.attempts.count_since(key, now - window) >= limit:
            return False
        await uow.attempts.record(key, now)
        await uow.commit()
    return True
