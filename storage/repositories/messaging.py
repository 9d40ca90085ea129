"""The durable outbox of notifications and the attempt log used for rate limits.

Messages that carry a secret (one-time passwords, email-change codes, codes fidélio) lose their
body once sent: `mark_sent` replaces it with REDACTED, so a database dump or a backup holds no
working password or code. Their row stays (kind, recipient, times) for the record.
"""

from datetime import datetime

from sqlalchemy import bindparam, case, delete, func, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from domain.efacture.delivery import TEMPORARY_PASSWORD_KIND
from domain.efacture.profile import EMAIL_CODE_KIND
from domain.ports import OutgoingMessage
from storage.mapping import message_from_row, message_values
from storage.tables import attempts, outbox

_DUE = (select(outbox)
        .where(outbox.c.sent_at.is_(None),
               or_(outbox.c.next_attempt_at.is_(None), outbox.c.next_attempt_at <= bindparam("now")))
        .order_by(outbox.c.next_attempt_at.nulls_first(), outbox.c.id)
        .limit(bindparam("limit")))
REDACTED = "[redacted after delivery]"
SECRET_KINDS = frozenset({TEMPORARY_PASSWORD_KIND, EMAIL_CODE_KIND, "fidelio_code"})
_LATEST = select(func.max(attempts.c.at)).where(attempts.c.key == bindparam("key"))
_COUNT = select(func.count()).select_from(attempts).where(
    attempts.c.key == bindparam("key"), attempts.c.at >= bindparam("since"))


class SqlOutbox:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def put(self, message: OutgoingMessage) -> int:
        result = await self._connection.execute(
            insert(outbox).values(message_values(message)).returning(outbox.c.id))
        return result.scalar_one()

    async def due(self, now: datetime, limit: int = 50) -> list[OutgoingMessage]:
        """Unsent messages whose next attempt is due, the longest-waiting first."""
        result = await self._connection.execute(_DUE, {"now": now, "limit": limit})
        return [message_from_row(row) for row in result]

    async def mark_sent(self, message_id: int, now: datetime) -> None:
        await self._connection.execute(
            update(outbox).where(outbox.c.id == message_id)
            .values(sent_at=now, attempts=outbox.c.attempts + 1, last_error=None,
                    body=case((outbox.c.kind.in_(SECRET_KINDS), REDACTED), else_=outbox.c.body)))

    async def mark_failed(self, message_id: int, error: str, retry_at: datetime) -> None:
        await self._connection.execute(
            update(outbox).where(outbox.c.id == message_id)
            .values(attempts=outbox.c.attempts + 1, last_error=error[:2000], next_attempt_at=retry_at))


class SqlAttemptLog:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def record(self, key: str, at: datetime) -> None:
        await self._connection.execute(insert(attempts).values(key=key, at=at))

    async def count_since(self, key: str, since: datetime) -> int:
        return (await self._connection.execute(_COUNT, {"key": key, "since": since})).scalar_one()

    async def clear(self, key: str) -> None:
        await self._connection.execute(delete(attempts).where(attempts.c.key == key))

    async def latest(self, key: str) -> datetime | None:
        return (await self._connection.execute(_LATEST, {"key": key})).scalar_one()
