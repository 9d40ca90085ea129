"""Twelve months of invoices per line, as plain tuples in `invoices` column order.

This loop runs twelve million times for the benchmark base, so everything that depends only on the
month is computed once in `Calendar`, and each row is one f-string and one tuple.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from storage.seed.plan import (
    BASE_CENTS,
    CUSTOMER_NUMBER,
    FIRST_MONTH,
    ID,
    MONTHS,
    MSISDN,
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
        pick = line_id & 3
        channel = PAYMENT_CHANNELS[pick]
        for k in range(line[FIRST_MONTH], MONTHS):
            amount = base + _VARIATION[(line_id + k) % 101]
            if k < first_unpaid:
                append((f"{sequence:010d}{suffix[k]}", cn, msisdn, line_id, period[k], due[k], amount,
                        "PAID", paid_at[k][pick], channel, None))
            else:
                append((f"{sequence:010d}{suffix[k]}", cn, msisdn, line_id, period[k], due[k], amount,
                        "UNPAID", None, None, None))
            sequence += 1
    return rows
