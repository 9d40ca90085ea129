"""Lines: by id, by numéro d'appel, by numéro client."""

from collections.abc import Sequence

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from domain.lines import Line
from storage.mapping import line_from_row, line_values
from storage.tables import lines

_BY_ID = select(lines).where(lines.c.id == bindparam("id"))
_BY_MSISDN = select(lines).where(lines.c.msisdn == bindparam("msisdn"))
_BY_CUSTOMER = select(lines).where(lines.c.customer_number == bindparam("cn")).order_by(lines.c.id)
_BY_IDS = select(lines).where(lines.c.id.in_(bindparam("ids", expanding=True)))


class SqlLineRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def get(self, line_id: int) -> Line | None:
        row = (await self._connection.execute(_BY_ID, {"id": line_id})).first()
        return line_from_row(row) if row else None

    async def by_msisdn(self, msisdn: str) -> Line | None:
        row = (await self._connection.execute(_BY_MSISDN, {"msisdn": msisdn})).first()
        return line_from_row(row) if row else None

    async def by_customer_number(self, customer_number: str) -> list[Line]:
        result = await self._connection.execute(_BY_CUSTOMER, {"cn": customer_number})
        return [line_from_row(row) for row in result]

    async def by_ids(self, line_ids: Sequence[int]) -> list[Line]:
        """The lines in the order of `line_ids`; unknown ids are left out."""
        if not line_ids:
            return []
        found = {row.id: line_from_row(row)
                 for row in await self._connection.execute(_BY_IDS, {"ids": list(line_ids)})}
        return [found[i] for i in dict.fromkeys(line_ids) if i in found]

    async def add(self, line: Line) -> Line:
        values = line_values(line)
        if line.id is not None:
            values["id"] = line.id
        result = await self._connection.execute(insert(lines).values(values).returning(lines.c.id))
        return Line(**{**_fields(line), "id": result.scalar_one()})

    async def set_language(self, line_id: int, language: str) -> None:
        await self._connection.execute(
            update(lines).where(lines.c.id == line_id).values(language=language))


def _fields(line: Line) -> dict:
    return {name: getattr(line, name) for name in Line.__slots__}
