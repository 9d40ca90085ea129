"""Wrong passwords, counted alike for every login: real, unknown or not even a valid login.

Five failures within FAILURE_WINDOW lock the login for 15 minutes (accounts.MAX_FAILED_LOGINS,
accounts.LOCKOUT). Everything lives in the attempt log under a digest of the login (failures under
one key, the lock under another), so an account and a login nobody has expire, lock and cost the
same queries: "locked until HH:MM" reveals nothing. Callers take `uow.lock_key(lock_key(login))`
first, so parallel tries are counted one by one (PostgreSQL), and commit what these functions
record before raising.
"""

from datetime import datetime, timedelta

from domain.accounts import LOCKOUT, MAX_FAILED_LOGINS
from domain.efacture.attempt_keys import login_key
from domain.errors import Refused
from domain.ports import UnitOfWork

FAILURE_WINDOW = timedelta(days=1)
_FAILED, _LOCKED = "efacture.login_failed", "efacture.login_locked"


def lock_key(login: str) -> str:
    """What a log-in (or a check of the current password) serialises on."""
    return login_key("efacture.login", login)


async def locked_until(uow: UnitOfWork, login: str, now: datetime) -> datetime | None:
    """The end of the lock on this login, or None when it may try."""
    started = await uow.attempts.latest(login_key(_LOCKED, login))
    if started is None or now >= started + LOCKOUT:
        return None
    return started + LOCKOUT


async def count_failure(uow: UnitOfWork, login: str, now: datetime) -> datetime | None:
    """Record one failure and commit; returns the end of the lock it starts (the fifth), else None."""
    failed_key = login_key(_FAILED, login)
    await uow.attempts.record(failed_key, now)
    if await uow.attempts.count_since(failed_key, now - FAILURE_WINDOW) < MAX_FAILED_LOGINS:
        await uow.commit()
        return None
    await uow.attempts.clear(failed_key)
    await uow.attempts.record(login_key(_LOCKED, login), now)
    await uow.commit()
    return now + LOCKOUT


async def refuse(uow: UnitOfWork, login: str, now: datetime) -> None:
    """Always raises: "locked" (until) at the fifth failure, "bad_credentials" otherwise."""
    until = await count_failure(uow, login, now)
    if until is not None:
        raise Refused("locked", until=until)
    raise Refused("bad_credentials")


async def forget_failures(uow: UnitOfWork, login: str) -> None:
    """A right password starts the count again."""
    await uow.attempts.clear(login_key(_FAILED, login))
