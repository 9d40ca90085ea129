"""Time: aware UTC everywhere inside, shown in Africa/Casablanca."""

from collections.abc import Callable
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

Clock = Callable[[], datetime]
LOCAL_TZ = ZoneInfo("Africa/Casablanca")


def system_clock() -> datetime:
    return datetime.now(UTC)


def local_today(now: datetime) -> date:
    return now.astimezone(LOCAL_TZ).date()


def fixed_clock(at: datetime) -> Clock:
    """A clock that always answers `at`; tests move it by building another one."""
    if at.tzinfo is None:
        raise ValueError("clock times must be timezone-aware")
    return lambda: at
