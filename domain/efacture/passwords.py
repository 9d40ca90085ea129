"""Password policy, generated one-time passwords, and changing a password.

Policy: 8 to 128 characters, at least one letter and one digit, not the login, not the old
password, and the confirmation typed the same. Each rule has its own reason key so the flow can
say exactly what is expected.
"""

import hmac
import secrets
import string
from dataclasses import replace
from datetime import datetime

from domain.accounts import Account
from domain.efacture import login_failures
from domain.efacture.errors import InvalidField
from domain.efacture.hashing import hash_secret, verify_secret
from domain.efacture.ports import PasswordHasher
from domain.errors import NotFound, Refused
from domain.ports import UnitOfWork

PASSWORD_MIN, PASSWORD_MAX = 8, 128
GENERATED_LENGTH = 10
# Letters and digits people cannot confuse when copying from an SMS: no 0/O, 1/l/I.
GENERATED_ALPHABET = "".join(
    c for c in string.ascii_letters + string.digits if c not in "0O1lI"
)


def generate_password(length: int = GENERATED_LENGTH) -> str:
    """A random password that itself satisfies the policy (a letter and a digit)."""
    while True:
        password = "".join(secrets.choice(GENERATED_ALPHABET) for _ in range(length))
        if any(c.isalpha() for c in password) and any(c.isdigit() for c in password):
            return password


def check_password_policy(new: str, login: str, old: str | None = None) -> None:
    """Raise InvalidField(field="new_password") naming the first rule `new` breaks."""
    if len(new) < PASSWORD_MIN:
        raise InvalidField("new_password", "password_too_short", min=PASSWORD_MIN)
    if len(new) > PASSWORD_MAX:
        raise InvalidField("new_password", "password_too_long", max=PASSWORD_MAX)
    if not any(c.isalpha() for c in new) or not any(c.isdigit() for c in new):
        raise InvalidField("new_password", "password_needs_letter_and_digit")
    if new.casefold() == login.casefold():
        raise InvalidField("new_password", "password_same_as_login")
    if old is not None and new == old:
        raise InvalidField("new_password", "password_same_as_old")


def check_new_password(new: str, confirmation: str, login: str, old: str | None = None) -> str:
    """The new password, once it follows the policy and the confirmation repeats it."""
    check_password_policy(new, login, old)
    if not hmac.compare_digest(new.encode(), confirmation.encode()):
        raise InvalidField("confirmation", "password_confirmation_mismatch")
    return new


async def change_password(uow: UnitOfWork, hasher: PasswordHasher, account_id: int,
                          old: str, new: str, confirmation: str, now: datetime) -> Account:
    """The forced change after a one-time password and the change from the profile alike.

    A wrong old password counts as a failed login of the account's login (someone at an
    unattended session must not get unlimited guesses); the fifth locks it (login_failures.py).
    """
    async with uow:
        account = await _verified(uow, hasher, account_id, old, now)
        check_new_password(new, confirmation, account.login, old)
        changed = _with_password(account, await hash_secret(hasher, new))
        await uow.accounts.update(changed)
        await uow.commit()
        return changed


async def _get(uow: UnitOfWork, account_id: int) -> Account:
    account = await uow.accounts.get(account_id)
    if account is None:
        raise NotFound("account")
    return account


async def _verified(uow: UnitOfWork, hasher: PasswordHasher, account_id: int, password: str,
                    now: datetime) -> Account:
    """The account once `password` is its current one; failures counted as for a log-in."""
    account = await _get(uow, account_id)
    await uow.lock_key(login_failures.lock_key(account.login))
    until = await login_failures.locked_until(uow, account.login, now)
    if until is not None:
        raise Refused("locked", until=until)
    if not await verify_secret(hasher, account.password_hash, password):
        until = await login_failures.count_failure(uow, account.login, now)
        if until is not None:
            raise Refused("locked", until=until)
        raise InvalidField("old_password", "old_password_wrong")
    if account.temporary_password_expired(now):
        raise Refused("temporary_password_expired")
    return account


def _with_password(account: Account, password_hash: str) -> Account:
    """A new password: no change is forced any more and a pending one-time password is void."""
    return replace(account, password_hash=password_hash, must_change_password=False,
                   temporary_password_expires_at=None, temporary_password_hash=None,
                   failed_logins=0)


# A conversation asks old, new and confirmation one at a time and must not keep any of them in
# its state; these three steps let it check each answer as it comes.

async def verify_current_password(uow: UnitOfWork, hasher: PasswordHasher, account_id: int,
                                  password: str, now: datetime) -> None:
    """The first field of a change: a wrong one counts as a failed login, like `change_password`."""
    async with uow:
        await _verified(uow, hasher, account_id, password, now)


async def check_replacement(uow: UnitOfWork, hasher: PasswordHasher, account_id: int, new: str) -> None:
    """The policy, and "not the current password" checked against the stored hash."""
    async with uow:
        account = await _get(uow, account_id)
    check_password_policy(new, account.login)
    if await verify_secret(hasher, account.password_hash, new):
        raise InvalidField("new_password", "password_same_as_old")


async def replace_password(uow: UnitOfWork, hasher: PasswordHasher, account_id: int, new: str,
                           now: datetime) -> Account:
    """The last step, once the flow has verified the current password and the confirmation."""
    await check_replacement(uow, hasher, account_id, new)
    async with uow:
        account = await _get(uow, account_id)
        until = await login_failures.locked_until(uow, account.login, now)
        if until is not None:
            raise Refused("locked", until=until)
        changed = _with_password(account, await hash_secret(hasher, new))
        await uow.accounts.update(changed)
        await uow.commit()
        return changed
