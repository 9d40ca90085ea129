"""One database transaction holding every repository; nothing is stored before `commit`."""

from sqlalchemy import bindparam, func, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from storage.locks import lock_id
from storage.repositories.accounts import SqlAccountRepository
from storage.repositories.invoices import SqlInvoiceRepository
from storage.repositories.lines import SqlLineRepository
from storage.repositories.messaging import SqlAttemptLog, SqlOutbox
from storage.repositories.payments import SqlPaymentRepository

_XACT_LOCK = select(func.pg_advisory_xact_lock(bindparam("k")))


class SqlUnitOfWork:
    """`async with db.uow() as uow: ...; await uow.commit()`; leaving without commit rolls back.

    On SQLite the transaction starts with BEGIN IMMEDIATE: it takes the write lock up front (waiting
    up to the busy timeout), so a read-then-write transaction can never fail half-way with
    "database is locked" when another connection wrote in between. That lock also serialises
    every unit of work of the file, which is why `lock_key` has nothing to add on SQLite as long
    as the write lock is held; after a `commit` it is taken again (BEGIN IMMEDIATE) by `lock_key`.
    """

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine
        self._connection: AsyncConnection | None = None
        self._sqlite_write_locked = False

    async def __aenter__(self) -> "SqlUnitOfWork":
        connection = await self._engine.connect()
        try:
            if self._engine.dialect.name == "sqlite":
                await connection.exec_driver_sql("BEGIN IMMEDIATE")
                self._sqlite_write_locked = True
            else:
                await connection.begin()
        except BaseException:
            await connection.close()
            raise
        self._connection = connection
        self.lines = SqlLineRepository(connection)
        self.invoices = SqlInvoiceRepository(connection)
        self.accounts = SqlAccountRepository(connection)
        self.payments = SqlPaymentRepository(connection)
        self.outbox = SqlOutbox(connection)
        self.attempts = SqlAttemptLog(connection)
        return self

    async def __aexit__(self, *exc: object) -> None:
        connection, self._connection = self._connection, None
        if connection is None:
            return
        try:
            await connection.rollback()
        finally:
            await connection.close()

    async def commit(self) -> None:
        """Store everything done so far; later statements run in a new transaction."""
        self._sqlite_write_locked = False
        await self._active().commit()

    async def rollback(self) -> None:
        self._sqlite_write_locked = False
        await self._active().rollback()

    async def lock_key(self, key: str) -> None:
        """Serialise the transactions that take `key` until this one ends.

        PostgreSQL: a transaction-level advisory lock (released by commit or rollback, and by the
        server if the connection dies). Its id space is shared with the conversation locks
        (storage/locks.py), hence the prefix. SQLite: the write lock of BEGIN IMMEDIATE already
        serialises every transaction; it is taken again if a commit released it.
        """
        connection = self._active()
        if self._engine.dialect.name != "sqlite":
            await connection.execute(_XACT_LOCK, {"k": lock_id("uow-key:" + key)})
        elif not self._sqlite_write_locked:
            await connection.exec_driver_sql("BEGIN IMMEDIATE")
            self._sqlite_write_locked = True

    @property
    def connection(self) -> AsyncConnection:
        """The transaction's connection, for storage's own bulk work (imports)."""
        return self._active()

    def _active(self) -> AsyncConnection:
        if self._connection is None:
            raise RuntimeError("use the unit of work inside `async with`")
        return self._connection
