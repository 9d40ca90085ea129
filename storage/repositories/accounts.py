"""E-facture accounts and the lines each one covers (table account_lines)."""

from dataclasses import replace

from sqlalchemy import Select, bindparam, delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from domain.accounts import Account
from domain.errors import Conflict, NotFound
from storage.mapping import account_from_row, account_values
from storage.tables import account_lines, accounts

_BY_ID = select(accounts).where(accounts.c.id == bindparam("id"))
_BY_LOGIN = select(accounts).where(accounts.c.login == bindparam("login"))
_BY_LINE = (select(accounts).join(account_lines, account_lines.c.account_id == accounts.c.id)
            .where(account_lines.c.line_id == bindparam("line_id")).order_by(accounts.c.id).limit(1))
_LINE_IDS = (select(account_lines.c.line_id).where(account_lines.c.account_id == bindparam("id"))
             .order_by(account_lines.c.position))


class SqlAccountRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def get(self, account_id: int) -> Account | None:
        return await self._one(_BY_ID, {"id": account_id})

    async def by_login(self, login: str) -> Account | None:
        return await self._one(_BY_LOGIN, {"login": login})

    async def by_line(self, line_id: int) -> Account | None:
        return await self._one(_BY_LINE, {"line_id": line_id})

    async def add(self, account: Account) -> Account:
        values = account_values(account)
        if account.id is not None:
            values["id"] = account.id
        try:
            async with self._connection.begin_nested():
                result = await self._connection.execute(
                    insert(accounts).values(values).returning(accounts.c.id))
                account = replace(account, id=result.scalar_one())
                await self._link_lines(account)
        except IntegrityError as exc:
            raise Conflict(f"login already taken: {account.login}") from exc
        return account

    async def update(self, account: Account) -> None:
        if account.id is None:
            raise NotFound("an account without id cannot be updated")
        try:
            async with self._connection.begin_nested():
                result = await self._connection.execute(
                    update(accounts).where(accounts.c.id == account.id).values(account_values(account)))
                if result.rowcount == 0:
                    raise NotFound(f"account {account.id}")
                await self._connection.execute(
                    delete(account_lines).where(account_lines.c.account_id == account.id))
                await self._link_lines(account)
        except IntegrityError as exc:
            raise Conflict(f"login already taken: {account.login}") from exc

    async def _link_lines(self, account: Account) -> None:
        if account.line_ids:
            await self._connection.execute(insert(account_lines), [
                {"account_id": account.id, "line_id": line_id, "position": position}
                for position, line_id in enumerate(dict.fromkeys(account.line_ids))])

    async def _one(self, query: Select, params: dict) -> Account | None:
        row = (await self._connection.execute(query, params)).first()
        if row is None:
            return None
        line_ids = (await self._connection.execute(_LINE_IDS, {"id": row.id})).scalars().all()
        return account_from_row(row, tuple(line_ids))
