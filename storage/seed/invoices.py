"""Twelve months of invoices per line, as plain tuples in `invoices` column order.

This loop runs twelve million times for the benchmark base, so everything that depends only on the
month is computed once in `Calendar`, and each row is one f-string and one tuple.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from domain.invoices import DetailKind, InvoiceDetail
from storage.mapping import details_to_json
from storage.seed.plan import (
    BASE_CENTS,
    CUSTOMER_NUMBER,
    FIRST_MONTH,
    ID,
    MONTHS,
    MSISDN,
    SERVICE,
    SHOWCASE_LINE,
    UNPAID,
    month_start,
)

FIRST_INVOICE_SEQUENCE = 171_682  # 0000171682 + MM + YYYY: the numbering of the guides' example
PAYMENT_CHANNELS = ("AGENCE", "CMI", "PRELEVEMENT", "WAFACASH")
_VARIATION = tuple((i * 7_919) % 6_000 - 2_000 for i in range(101))  # centimes, month to month


@dataclass(frozen=True)
class Calendar:
    """Per-month constants, in the form the target database wants (text for SQLite)."""

    suffix: tuple[str, ...]
    period: tuple
    due: tuple
    paid_at: tuple[tuple, ...]

    @classmethod
    def for_today(cls, today: date, text: bool) -> "Calendar":
        periods = [month_start(today, MONTHS - k) for k in range(MONTHS)]  # oldest first
        dues = [_last_day_of_next_month(p) for p in periods]
        paid = [tuple(datetime.combine(due - timedelta(days=d), time(9 + d % 8, 17 * d % 60), tzinfo=UTC)
                      for d in (21, 12, 5, 1)) for due in dues]
        if text:
            return cls(tuple(f"{p.month:02d}{p.year}" for p in periods), tuple(map(str, periods)),
                       tuple(map(str, dues)),
                       tuple(tuple(m.strftime("%Y-%m-%d %H:%M:%S.%f") for m in row) for row in paid))
        return cls(tuple(f"{p.month:02d}{p.year}" for p in periods), tuple(periods), tuple(dues),
                   tuple(paid))


def _last_day_of_next_month(period: date) -> date:
    """The date limite de paiement: end of the month after the échéance."""
    after_next = month_start(period, -2)
    return after_next - timedelta(days=1)


def _with_details(sequence: int, suffix: str, cn: str, msisdn: str | None, line_id: int, period: object,
                  due: object, amount: int, paid: bool, paid_at: object, channel: str, service: str) -> tuple:
    """A showcase invoice, with detail lines for the PDF; the rest of the base has none."""
    return (f"{sequence:010d}{suffix}", cn, msisdn, line_id, period, due, amount,
            "PAID" if paid else "UNPAID", paid_at if paid else None, channel if paid else None,
            details_to_json(detail_lines(amount, service)))


def detail_lines(amount_cents: int, service: str) -> tuple[InvoiceDetail, ...]:
    """Split an amount HT into the usual headings; the parts add up to the amount exactly."""
    headings = _HEADINGS[service]
    parts = [amount_cents * share // 100 for _, _, share in headings[:-1]]
    parts.append(amount_cents - sum(parts))
    return tuple(InvoiceDetail(kind, label, Decimal(cents).scaleb(-2))
                 for (kind, label, _), cents in zip(headings, parts, strict=True))


_HEADINGS = {
    "MOBILE": ((DetailKind.SUBSCRIPTION, "Forfait mensuel", 55), (DetailKind.NATIONAL_CALLS, "Appels nationaux", 15),
               (DetailKind.INTERNATIONAL_CALLS, "Appels internationaux", 5), (DetailKind.SMS, "SMS", 5),
               (DetailKind.DATA, "Internet mobile", 20)),
    "FIXE": ((DetailKind.SUBSCRIPTION, "Abonnement ligne fixe", 60), (DetailKind.NATIONAL_CALLS, "Appels nationaux", 25),
             (DetailKind.INTERNATIONAL_CALLS, "Appels internationaux", 15)),
    "INTERNET": ((DetailKind.SUBSCRIPTION, "Abonnement ADSL / Fibre", 85), (DetailKind.OPTIONS, "Options", 15)),
}


def invoice_count(line: tuple) -> int:
    return MONTHS - line[FIRST_MONTH]


def invoice_rows(lines: list[tuple], first_sequence: int, calendar: Calendar) -> list[tuple]:
    """The invoices of `lines`, numbered from `first_sequence` on, in number order."""
    rows: list[tuple] = []
    append = rows.append
    suffix, period, due, paid_at = calendar.suffix, calendar.period, calendar.due, calendar.paid_at
    sequence = first_sequence
    for line in lines:
        line_id, cn, msisdn, base = line[ID], line[CUSTOMER_NUMBER], line[MSISDN], line[BASE_CENTS]
        first_unpaid = MONTHS - line[UNPAID]
        pick, showcase = line_id & 3, line[SHOWCASE_LINE]
        channel = PAYMENT_CHANNELS[pick]
        for k in range(line[FIRST_MONTH], MONTHS):
            amount = base + _VARIATION[(line_id + k) % 101]
            if showcase:
                append(_with_details(sequence, suffix[k], cn, msisdn, line_id, period[k], due[k], amount,
                                     k < first_unpaid, paid_at[k][pick], channel, line[SERVICE]))
            elif k < first_unpaid:
                append((f"{sequence:010d}{suffix[k]}", cn, msisdn, line_id, period[k], due[k], amount,
                        "PAID", paid_at[k][pick], channel, None))
            else:
                append((f"{sequence:010d}{suffix[k]}", cn, msisdn, line_id, period[k], due[k], amount,
                        "UNPAID", None, None, None))
            sequence += 1
    return rows
