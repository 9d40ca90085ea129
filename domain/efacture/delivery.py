"""Where a one-time password goes: by SMS to the line of a Mobile account, by email otherwise.

Used by registration and by "mot de passe oublié", so both deliver the same way.
"""

from dataclasses import dataclass, replace
from datetime import datetime

from domain.accounts import TEMPORARY_PASSWORD_VALIDITY, Account
from domain.efacture.hashing import hash_secret
from domain.efacture.passwords import generate_password
from domain.efacture.ports import NotificationTexts, PasswordHasher
from domain.lines import Line
from domain.ports import Channel, OutgoingMessage, UnitOfWork
from domain.services import ServiceType

TEMPORARY_PASSWORD_KIND = "efacture.temporary_password"
DEFAULT_LANGUAGE = "fr"


@dataclass(frozen=True, slots=True)
class Delivery:
    """How the password was sent, so the flow can say "envoyé par SMS au 06 12 34 56 78"."""

    channel: Channel
    recipient: str


async def with_new_temporary_password(account: Account, hasher: PasswordHasher,
                                      now: datetime) -> tuple[Account, str]:
    """A new account's first password: one-time, valid 24 h, to be changed at first login."""
    password = generate_password()
    renewed = replace(account, password_hash=await hash_secret(hasher, password),
                      must_change_password=True,
                      temporary_password_expires_at=now + TEMPORARY_PASSWORD_VALIDITY)
    return renewed, password


async def with_pending_temporary_password(account: Account, hasher: PasswordHasher,
                                          now: datetime) -> tuple[Account, str]:
    """"Mot de passe oublié": a one-time password next to the current one, which still works
    (see domain.accounts), so asking for it in someone else's name locks nobody out."""
    password = generate_password()
    return account.with_pending_temporary_password(await hash_secret(hasher, password), now), password


def delivery_for(account: Account, lines: list[Line]) -> Delivery | None:
    if account.service is ServiceType.MOBILE:
        msisdn = next((line.msisdn for line in lines if line.msisdn), None)
        return Delivery(Channel.SMS, msisdn) if msisdn else None
    return Delivery(Channel.EMAIL, account.email) if account.email else None


async def send_temporary_password(uow: UnitOfWork, texts: NotificationTexts, account: Account,
                                  password: str, delivery: Delivery, now: datetime) -> None:
    language = account.language or DEFAULT_LANGUAGE
    if delivery.channel is Channel.SMS:
        body = texts.temporary_password_sms(account.login, password, language)
        message = OutgoingMessage(Channel.SMS, delivery.recipient, body,
                                  kind=TEMPORARY_PASSWORD_KIND, created_at=now)
    else:
        subject, body = texts.temporary_password_email(account.login, password, language)
        message = OutgoingMessage(Channel.EMAIL, delivery.recipient, body, subject=subject,
                                  kind=TEMPORARY_PASSWORD_KIND, created_at=now)
    await uow.outbox.put(message)
