"""Mot de passe oublié: a one-time password for a login, at most 3 times a day.

The caller learns nothing: the function returns None whether the login exists or not (or is not
even a valid login) and whether the limit is reached or not, and spends one password hash in
every case. Requests for unknown logins are counted too, so the limit behaves the same for them;
the count is keyed by a digest of the login, never by the typed text.

The current password keeps working: the one-time password waits next to it until it is used or
its 24 h are over (domain.accounts), so a stranger who asks for it locks nobody out.
"""

from datetime import datetime, timedelta

from domain.efacture.attempt_keys import login_key
from domain.efacture.delivery import delivery_for, send_temporary_password, with_pending_temporary_password
from domain.efacture.errors import InvalidField
from domain.efacture.hashing import hash_secret
from domain.efacture.identity import parse_login
from domain.efacture.passwords import generate_password
from domain.efacture.ports import NotificationTexts, PasswordHasher
from domain.ports import UnitOfWork

RESETS_PER_DAY = 3
RESET_WINDOW = timedelta(hours=24)  # a rolling day: no burst of 6 around local midnight


def reset_attempt_key(login: str) -> str:
    return login_key("efacture.password_reset", login)


def _valid_login(raw: str) -> str | None:
    try:
        return parse_login(raw)
    except InvalidField:
        return None


async def request_password_reset(uow: UnitOfWork, hasher: PasswordHasher,
                                 texts: NotificationTexts, login: str, now: datetime) -> None:
    key = reset_attempt_key(login)
    async with uow:
        await uow.lock_key(key)
        allowed = await uow.attempts.count_since(key, now - RESET_WINDOW) < RESETS_PER_DAY
        account, valid = None, _valid_login(login)
        if allowed:
            # Only granted requests count, so a flood cannot keep the window open forever.
            await uow.attempts.record(key, now)
            account = await uow.accounts.by_login(valid) if valid else None
        if account is None:
            await hash_secret(hasher, generate_password())  # the same work as a real reset
        else:
            account, password = await with_pending_temporary_password(account, hasher, now)
            await uow.accounts.update(account)
            delivery = delivery_for(account, await uow.lines.by_ids(account.line_ids))
            if delivery is not None:
                await send_temporary_password(uow, texts, account, password, delivery, now)
        await uow.commit()
