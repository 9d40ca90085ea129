"""domain.payment_usecases.PayerIdentification on both database backends."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from domain.efacture.proofs import typed_code
from domain.errors import Refused
from domain.invoices import Invoice, InvoiceStatus
from domain.lines import Line
from domain.payment_usecases import IDENTIFICATION_BLOCKED, IDENTIFICATION_FAILED, PayerIdentification
from domain.services import LineStatus, Segment, ServiceType
from tests.support.databases import database, postgres_url, sqlite_template  # noqa: F401 - fixtures

NOW = datetime(2026, 11, 21, 10, 0, tzinfo=UTC)
MSISDN, CODE = "0612345678", "268169"


@pytest.fixture
async def payers(database):  # noqa: F811 - the imported fixture
    async with database.uow() as uow:
        line = await uow.lines.add(Line(None, "11716820", ServiceType.MOBILE, Segment.PARTICULIER, "Imane Tazi",
                                        date(2024, 1, 5), LineStatus.ACTIVE, CODE, MSISDN))
        for month, status in ((9, InvoiceStatus.PAID), (10, InvoiceStatus.UNPAID), (11, InvoiceStatus.UNPAID)):
            await uow.invoices.add(Invoice(f"000017168200{month:02d}26", "11716820", MSISDN,
                                           line.id, date(2026, month, 1), date(2026, month, 20), Decimal("100.00"),
                                           status=status))
        await uow.commit()
    return PayerIdentification(database.uow)


async def failure(payers, msisdn: str, at: datetime) -> Refused:
    with pytest.raises(Refused) as refused:
        await payers.identify(ServiceType.MOBILE, msisdn, typed_code("0000"), at)
    return refused.value


async def test_the_right_code_gives_the_unpaid_invoices_oldest_first(payers):
    payer = await payers.identify(ServiceType.MOBILE, MSISDN, typed_code(CODE), NOW)
    assert payer.msisdn == MSISDN and [i.period.month for i in payer.invoices] == [10, 11]


async def test_a_line_of_another_service_is_not_found_with_the_right_code(payers):
    with pytest.raises(Refused) as refused:
        await payers.identify(ServiceType.FIXE, MSISDN, typed_code(CODE), NOW)
    assert refused.value.reason == IDENTIFICATION_FAILED


async def test_the_third_failure_blocks_for_15_minutes_for_known_and_unknown_numbers_alike(payers):
    for msisdn in (MSISDN, "0699999999"):
        outcomes = [await failure(payers, msisdn, NOW + timedelta(minutes=n)) for n in range(3)]
        assert [(r.reason, r.details) for r in outcomes] == [
            (IDENTIFICATION_FAILED, {"tries_left": 2}), (IDENTIFICATION_FAILED, {"tries_left": 1}),
            (IDENTIFICATION_BLOCKED, {"minutes": 15})]
    blocked_until = NOW + timedelta(minutes=2 + 15)
    with pytest.raises(Refused):
        await payers.identify(ServiceType.MOBILE, MSISDN, typed_code(CODE), blocked_until)
    payer = await payers.identify(ServiceType.MOBILE, MSISDN, typed_code(CODE), blocked_until + timedelta(seconds=1))
    assert len(payer.invoices) == 2


async def test_a_right_code_forgets_the_earlier_failures(payers):
    await failure(payers, MSISDN, NOW)
    await failure(payers, MSISDN, NOW)
    await payers.identify(ServiceType.MOBILE, MSISDN, typed_code(CODE), NOW)
    assert (await failure(payers, MSISDN, NOW)).details == {"tries_left": 2}
