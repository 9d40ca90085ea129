"""Where the payment confirmation SMS may go: only to the paid line's own Mobile number.

The chat offers the SMS to the number of the line it identified; the use case checks that number
against the invoices being paid, so an attempt can never text a number that is not the line's.
"""

from collections.abc import Sequence

from domain.invoices import Invoice
from domain.ports import UnitOfWork
from domain.services import ServiceType


async def sms_recipient(uow: UnitOfWork, invoices: Sequence[Invoice], wanted: str | None) -> str | None:
    """`wanted` when every invoice belongs to one Mobile line whose number it is; else None."""
    if not wanted:
        return None
    line_ids = {invoice.line_id for invoice in invoices}
    if len(line_ids) != 1 or None in line_ids:
        return None
    lines = await uow.lines.by_ids([line_id for line_id in line_ids if line_id is not None])
    if len(lines) != 1 or lines[0].service is not ServiceType.MOBILE or lines[0].msisdn != wanted:
        return None
    return wanted
