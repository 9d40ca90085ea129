"""Accès au compte e-facture: login and password.

Refusals: "bad_credentials" (unknown login or wrong password: the same reason, and about the
same time, since an unknown login is verified against a dummy hash); "locked" with `until`
after five wrong passwords in a row (15 minutes), for unknown logins too (unknown_logins.py); "temporary_password_expired" once the 24 h
of a one-time password are over — said only after the password itself was right.
"""

import secrets
from dataclasses import dataclass, replace
from datetime import datetime

from domain.accounts import Account
from domain.efacture.hashing import hash_secret, spend_like_a_verify, verify_secret
from domain.efacture.identity import LOGIN_MAX, normalize_login
from domain.efacture.ports import PasswordHasher
from domain.efacture.unknown_logins import refuse_unknown_login
from domain.errors import Refused
from domain.ports import UnitOfWork


@dataclass(frozen=True, slots=True)
class LoggedIn:
    account: Account

    @property
    def must_change_password(self) -> bool:
        """The one-time password must be replaced before anything else (forced change)."""
        return self.account.must_change_password


class Authenticator:
    """Built once at start-up: it keeps a dummy hash made with the production parameters."""

    def __init__(self, hasher: PasswordHasher) -> None:
        self._hasher = hasher
        self._dummy_hash = hasher.hash(secrets.token_urlsafe(16))

    async def log_in(self, uow: UnitOfWork, login: str, password: str, now: datetime) -> LoggedIn:
        login = normalize_login(login)
        async with uow:
            account = await uow.accounts.by_login(login) if len(login) <= LOGIN_MAX else None
            if account is None:
                await spend_like_a_verify(self._hasher, self._dummy_hash)
                await refuse_unknown_login(uow, login, now)
            if account.is_locked(now):
                await spend_like_a_verify(self._hasher, self._dummy_hash)  # as long as a phantom lock
                raise Refused("locked", until=account.locked_until)
            if not await verify_secret(self._hasher, account.password_hash, password):
                await self._count_failure(uow, account, now)
            if account.temporary_password_expired(now):
                raise Refused("temporary_password_expired")
            account = await self._rehashed_if_needed(account, password)
            account = account.after_successful_login(now)
            await uow.accounts.update(account)
            await uow.commit()
        return LoggedIn(account)

    async def _count_failure(self, uow: UnitOfWork, account: Account, now: datetime) -> None:
        failed = account.after_failed_login(now)
        await uow.accounts.update(failed)
        await uow.commit()
        if failed.is_locked(now):
            raise Refused("locked", until=failed.locked_until)
        raise Refused("bad_credentials")

    async def _rehashed_if_needed(self, account: Account, password: str) -> Account:
        """Upgrade the stored hash when the hasher's parameters changed since it was made."""
        if not self._hasher.needs_rehash(account.password_hash):
            return account
        return replace(account, password_hash=await hash_secret(self._hasher, password))
