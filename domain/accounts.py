"""E-facture accounts: a login over one or more lines, protected by an argon2id password."""

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from domain.services import ServiceType

MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=15)
TEMPORARY_PASSWORD_VALIDITY = timedelta(hours=24)


@dataclass(frozen=True, slots=True)
class Account:
    id: int | None
    login: str
    password_hash: str
    service: ServiceType
    line_ids: tuple[int, ...]
    email: str | None
    must_change_password: bool
    created_at: datetime
    failed_logins: int = 0
    locked_until: datetime | None = None
    last_login_at: datetime | None = None
    temporary_password_expires_at: datetime | None = None
    language: str | None = None

    def is_locked(self, now: datetime) -> bool:
        return self.locked_until is not None and now < self.locked_until

    def after_failed_login(self, now: datetime) -> "Account":
        """Count a wrong password; the fifth in a row locks the account for 15 minutes."""
        failed = self.failed_logins + 1
        if failed >= MAX_FAILED_LOGINS:
            return replace(self, failed_logins=0, locked_until=now + LOCKOUT)
        return replace(self, failed_logins=failed)

    def after_successful_login(self, now: datetime) -> "Account":
        return replace(self, failed_logins=0, locked_until=None, last_login_at=now)

    def temporary_password_expired(self, now: datetime) -> bool:
        return (
            self.must_change_password
            and self.temporary_password_expires_at is not None
            and now >= self.temporary_password_expires_at
        )
