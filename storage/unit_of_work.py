"""One database transaction holding every repository; nothing is stored before `commit`."""

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from storage.repositories.accounts import SqlAccountRepository
from storage.repositories.invoices import SqlInvoiceRepository
from storage.repositories.lines import SqlLineRepository
from storage.repositories.messaging import SqlAttemptLog, SqlOutbox
from storage.repositories.payments import SqlPaymentRepository


class SqlUnitOfWork:
    """`async with db.uow() as uow: ...; await uow.commit()`; leaving without commit rolls back.

    On SQLite the transaction starts with BEGIN IMMEDIATE: it takes the write lock up front (waiting
    up to the busy timeout), so a read-then-write transaction can never fail half-way with
    "database is locked" when another connection wrote in between.
    """

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine
        self._connection: AsyncConnection | None = None

    async def __aenter__(self) -> "SqlUnitOfWork":
        connection = await self._engine.connect()
        try:
            if self._engine.dialect.name == "sqlite":
                await connection.exec_driver_sql("BEGIN IMMEDIATE")
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
        await self._active().commit()

    async def rollback(self) -> None:
        await self._active().rollback()

    @property
    def connection(self) -> AsyncConnection:
        """The transaction's connection, for storage's own bulk work (imports)."""
        return self._active()

    def _active(self) -> AsyncConnection:
        if self._connection is None:
            raise RuntimeError("use the unit of work inside `async with`")
        return self._connection
