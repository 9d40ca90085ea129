"""E-facture accounts: a login over one or more lines, protected by an argon2id password.

Wrong passwords are counted in the attempt log under a digest of the login, exactly as for a
login nobody has (domain/efacture/login_failures.py), so the lock-out says nothing about
existence. `failed_logins` and `locked_until` are no longer written by the use cases; they stay
for old rows and old callers (`after_failed_login`, `is_locked`) until a migration drops them.

A one-time password asked by "mot de passe oublié" waits in `temporary_password_hash` (valid until
`temporary_password_expires_at`): the current password keeps working, so a stranger who knows a
login cannot lock its owner out. Logging in with the one-time password makes it the password and
forces its change (`must_change_password`); logging in with the current one forgets it.
"""

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
    temporary_password_hash: str | None = None

    def is_locked(self, now: datetime) -> bool:
        return self.locked_until is not None and now < self.locked_until

    def after_failed_login(self, now: datetime) -> "Account":
        """Count a wrong password; the fifth in a row locks the account for 15 minutes."""
        failed = self.failed_logins + 1
        if failed >= MAX_FAILED_LOGINS:
            return replace(self, failed_logins=0, locked_until=now + LOCKOUT)
        return replace(self, failed_logins=failed)

    def after_successful_login(self, now: datetime) -> "Account":
        """A login with the current password: a pending one-time password is forgotten."""
        expires = self.temporary_password_expires_at if self.must_change_password else None
        return replace(self, failed_logins=0, locked_until=None, last_login_at=now,
                       temporary_password_hash=None, temporary_password_expires_at=expires)

    def with_pending_temporary_password(self, password_hash: str, now: datetime) -> "Account":
        """A one-time password waiting next to the current one, valid 24 h."""
        return replace(self, temporary_password_hash=password_hash,
                       temporary_password_expires_at=now + TEMPORARY_PASSWORD_VALIDITY)

    def temporary_password_pending(self, now: datetime) -> bool:
        return (self.temporary_password_hash is not None
                and self.temporary_password_expires_at is not None
                and now < self.temporary_password_expires_at)

    def after_temporary_password_login(self, now: datetime) -> "Account":
        """The one-time password becomes the password, to be changed before anything else."""
        return replace(self, password_hash=self.temporary_password_hash or self.password_hash,
                       temporary_password_hash=None, must_change_password=True,
                       failed_logins=0, locked_until=None, last_login_at=now)

    def temporary_password_expired(self, now: datetime) -> bool:
        return (
            self.must_change_password
            and self.temporary_password_expires_at is not None
            and now >= self.temporary_password_expires_at
        )
