"""Unknown logins lock out like real ones, so "locked until HH:MM" tells nobody a login exists.

Five wrong tries on a login nobody has lock it for 15 minutes, exactly as for an account
(accounts.MAX_FAILED_LOGINS, accounts.LOCKOUT). Only the attempt log is used: failures under one
key, the lock under another; the lock's start is found back to the second by bisection on
`count_since`, since the log keeps counts, not times.
"""

from datetime import datetime, timedelta

from domain.accounts import LOCKOUT, MAX_FAILED_LOGINS
from domain.errors import Refused
from domain.ports import UnitOfWork

FAILURE_MEMORY = timedelta(days=1)


def _keys(login: str) -> tuple[str, str]:
    login = login[:64]
    return f"efacture.unknown_login_failed:{login}", f"efacture.unknown_login_locked:{login}"


async def refuse_unknown_login(uow: UnitOfWork, login: str, now: datetime) -> None:
    """Always raises: "locked" (until) while a phantom lock holds or at the fifth failure,
    "bad_credentials" otherwise. Commits what it records (the caller's transaction is rolled back)."""
    failed_key, locked_key = _keys(login)
    locked_at = await _lock_start(uow, locked_key, now)
    if locked_at is not None:
        raise Refused("locked", until=locked_at + LOCKOUT)
    await uow.attempts.record(failed_key, now)
    failures = await uow.attempts.count_since(failed_key, now - FAILURE_MEMORY)
    if failures >= MAX_FAILED_LOGINS:
        await uow.attempts.clear(failed_key)
        await uow.attempts.record(locked_key, now)
        await uow.commit()
        raise Refused("locked", until=now + LOCKOUT)
    await uow.commit()
    raise Refused("bad_credentials")


async def _lock_start(uow: UnitOfWork, key: str, now: datetime) -> datetime | None:
    if not await uow.attempts.count_since(key, now - LOCKOUT + timedelta(seconds=1)):
        return None
    newest, oldest = 0, int(LOCKOUT.total_seconds()) - 1  # seconds ago: a lock is within this range
    while newest < oldest:
        middle = (newest + oldest) // 2
        if await uow.attempts.count_since(key, now - timedelta(seconds=middle)):
            oldest = middle
        else:
            newest = middle + 1
    return now - timedelta(seconds=newest)
