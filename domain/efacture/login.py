"""Accès au compte e-facture: login and password.

Refusals: "bad_credentials" (unknown login, invalid login, wrong password: the same reason and the
same work, since every try runs two verifications, against dummy hashes when there is no account
or no pending one-time password); "locked" with `until` after five failures (login_failures.py,
alike for every login); "temporary_password_expired" once the 24 h of a one-time password are
over — said only after the password itself was right.

Either password opens the account: the current one (a pending one-time password is then
forgotten) or an unexpired one-time password from "mot de passe oublié" (it then becomes the
password and must be changed at once). Tries on one login are serialised (`uow.lock_key`), so
parallel tries from many chats are each counted.
"""

import secrets
from dataclasses import dataclass, replace
from datetime import datetime

from domain.accounts import Account
from domain.efacture import login_failures
from domain.efacture.errors import InvalidField
from domain.efacture.hashing import hash_secret, verify_secret
from domain.efacture.identity import normalize_login, parse_login
from domain.efacture.ports import PasswordHasher
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
        typed = normalize_login(login)
        async with uow:
            await uow.lock_key(login_failures.lock_key(typed))
            until = await login_failures.locked_until(uow, typed, now)
            account = await _account(uow, typed) if until is None else None
            current, temporary = await self._verify(account, password)
            if until is not None:
                raise Refused("locked", until=until)
            if account is None or not (current or temporary):
                await login_failures.refuse(uow, typed, now)
            account = await self._opened(account, password, temporary and not current, now)
            await login_failures.forget_failures(uow, typed)
            await uow.accounts.update(account)
            await uow.commit()
        return LoggedIn(account)

    async def _verify(self, account: Account | None, password: str) -> tuple[bool, bool]:
        """(current password right, one-time password right): always two verifications."""
        pending = account.temporary_password_hash if account else None
        current = await verify_secret(self._hasher, account.password_hash if account else self._dummy_hash,
                                      password)
        temporary = await verify_secret(self._hasher, pending or self._dummy_hash, password)
        return account is not None and current, pending is not None and temporary

    async def _opened(self, account: Account, password: str, with_temporary: bool,
                      now: datetime) -> Account:
        if with_temporary:
            if not account.temporary_password_pending(now):
                raise Refused("temporary_password_expired")
            return account.after_temporary_password_login(now)
        if account.temporary_password_expired(now):
            raise Refused("temporary_password_expired")
        account = await self._rehashed_if_needed(account, password)
        return account.after_successful_login(now)

    async def _rehashed_if_needed(self, account: Account, password: str) -> Account:
        """Upgrade the stored hash when the hasher's parameters changed since it was made."""
        if not self._hasher.needs_rehash(account.password_hash):
            return account
        return replace(account, password_hash=await hash_secret(self._hasher, password))


async def _account(uow: UnitOfWork, typed: str) -> Account | None:
    """The account of a valid login; an invalid one is never looked up."""
    try:
        login = parse_login(typed)
    except InvalidField:
        return None
    return await uow.accounts.by_login(login)
