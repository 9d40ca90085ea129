"""Modifier votre profil: the login, the email (confirmed by a code) and the password.

The password change is `domain.efacture.passwords.change_password`.

Email change: `start_email_change` sends a 6-digit code to the new address and returns a
`PendingEmailChange` the flow keeps in its state (`to_state()` is JSON-ready); it holds only a
hash of the code. `confirm_email_change` accepts the code for 30 minutes and 3 tries. At most 3
codes an hour go out per account ("email_change_too_many"): the bot must not become a way to
send mail from its address to anyone, over and over.
"""

import secrets
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from domain.accounts import Account
from domain.efacture.delivery import DEFAULT_LANGUAGE
from domain.efacture.errors import InvalidField
from domain.efacture.hashing import hash_secret, verify_secret
from domain.efacture.identity import parse_email, parse_login
from domain.efacture.ports import NotificationTexts, PasswordHasher
from domain.errors import NotFound, Refused
from domain.ports import Channel, OutgoingMessage, UnitOfWork

EMAIL_CODE_VALIDITY = timedelta(minutes=30)
EMAIL_CODE_TRIES = 3
EMAIL_CODE_KIND = "efacture.email_change_code"
EMAIL_CODES_PER_HOUR = 3
EMAIL_CODE_SEND_WINDOW = timedelta(hours=1)


def email_change_key(account_id: int) -> str:
    return f"efacture.email_change:{account_id}"


@dataclass(frozen=True, slots=True)
class PendingEmailChange:
    new_email: str
    code_hash: str
    expires_at: datetime
    tries_left: int = EMAIL_CODE_TRIES

    def to_state(self) -> dict[str, object]:
        return {"new_email": self.new_email, "code_hash": self.code_hash,
                "expires_at": self.expires_at.isoformat(), "tries_left": self.tries_left}

    @classmethod
    def from_state(cls, data: dict[str, object]) -> "PendingEmailChange":
        return cls(str(data["new_email"]), str(data["code_hash"]),
                   datetime.fromisoformat(str(data["expires_at"])), int(str(data["tries_left"])))


async def change_login(uow: UnitOfWork, account_id: int, new_login: str) -> Account:
    login = parse_login(new_login)
    async with uow:
        account = await _get(uow, account_id)
        if login == account.login:
            raise InvalidField("login", "login_unchanged")
        if await uow.accounts.by_login(login) is not None:
            raise InvalidField("login", "login_taken")
        changed = replace(account, login=login)
        await uow.accounts.update(changed)
        await uow.commit()
        return changed


async def start_email_change(uow: UnitOfWork, hasher: PasswordHasher, texts: NotificationTexts,
                             account_id: int, new_email: str, now: datetime) -> PendingEmailChange:
    email = parse_email(new_email)
    code = f"{secrets.randbelow(1_000_000):06d}"
    async with uow:
        account = await _get(uow, account_id)
        if account.email is not None and email.casefold() == account.email.casefold():
            raise InvalidField("email", "email_unchanged")
        await _count_send(uow, account_id, now)
        # argon2, not a bare SHA: a million codes would be tried in a blink if the state leaked.
        pending = PendingEmailChange(email, await hash_secret(hasher, code), now + EMAIL_CODE_VALIDITY)
        subject, body = texts.email_change_code(account.login, code, pending.expires_at,
                                                account.language or DEFAULT_LANGUAGE)
        await uow.outbox.put(OutgoingMessage(Channel.EMAIL, email, body, subject=subject,
                                             kind=EMAIL_CODE_KIND, created_at=now))
        await uow.commit()
    return pending


async def confirm_email_change(uow: UnitOfWork, hasher: PasswordHasher, account_id: int,
                               pending: PendingEmailChange, typed_code: str, now: datetime) -> Account:
    """Refusals: "email_code_expired"; "email_code_too_many_tries" (the third wrong code, or
    later); InvalidField("code", "email_code_wrong", tries_left=n, pending=<to keep instead>).

    The flow keeps `details["pending"]` when a refusal carries one and forgets the change after
    "email_code_expired" or "email_code_too_many_tries".
    """
    if now >= pending.expires_at:
        raise Refused("email_code_expired")
    if pending.tries_left <= 0:
        raise Refused("email_code_too_many_tries")
    code = "".join((typed_code or "").split())
    if not (len(code) == 6 and code.isdigit()) or not await verify_secret(hasher, pending.code_hash, code):
        left = replace(pending, tries_left=pending.tries_left - 1)
        if left.tries_left == 0:
            raise Refused("email_code_too_many_tries", pending=left)
        raise InvalidField("code", "email_code_wrong", tries_left=left.tries_left, pending=left)
    async with uow:
        changed = replace(await _get(uow, account_id), email=pending.new_email)
        await uow.accounts.update(changed)
        await uow.commit()
        return changed


async def _count_send(uow: UnitOfWork, account_id: int, now: datetime) -> None:
    key = email_change_key(account_id)
    await uow.lock_key(key)
    if await uow.attempts.count_since(key, now - EMAIL_CODE_SEND_WINDOW) >= EMAIL_CODES_PER_HOUR:
        raise Refused("email_change_too_many")
    await uow.attempts.record(key, now)  # committed with the message it counts


async def _get(uow: UnitOfWork, account_id: int) -> Account:
    account = await uow.accounts.get(account_id)
    if account is None:
        raise NotFound("account")
    return account
