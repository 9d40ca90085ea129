"""Lines and invoices for the SMS tests, written through the real repositories."""

from datetime import UTC, date, datetime
from decimal import Decimal

from domain.invoices import Invoice
from domain.lines import Line
from domain.services import LineStatus, Segment, ServiceType

NOW = datetime(2026, 11, 21, 10, 0, tzinfo=UTC)
SECRET = "kannel-shared-secret_42"


def line(msisdn: str | None = "0612345678", service: ServiceType = ServiceType.MOBILE,
         status: LineStatus = LineStatus.ACTIVE, language: str | None = None, code: str = "482913",
         customer_number: str = "1000001") -> Line:
    return Line(id=None, customer_number=customer_number, service=service, segment=Segment.PARTICULIER,
                holder_name="Amina Benali", activation_date=date(2024, 3, 1), status=status,
                payment_code=code, msisdn=msisdn, language=language)


def invoice(line_id: int, number: str, period: date, due: date, amount_ht: str) -> Invoice:
    return Invoice(number=number, customer_number="1000001", msisdn="0612345678", line_id=line_id,
                   period=period, due_date=due, amount_ht=Decimal(amount_ht))


async def add_line(db, **fields) -> Line:  # noqa: ANN001
    async with db.uow() as uow:
        added = await uow.lines.add(line(**fields))
        await uow.commit()
    return added


async def add_invoices(db, *invoices: Invoice) -> None:  # noqa: ANN001
    async with db.uow() as uow:
        for item in invoices:
            await uow.invoices.add(item)
        await uow.commit()


async def record_attempts(db, key: str, count: int, at: datetime = NOW) -> None:  # noqa: ANN001
    async with db.uow() as uow:
        for _ in range(count):
            await uow.attempts.record(key, at)
        await uow.commit()
