"""The deterministic demo base: customers and their lines, drawn from one seeded random stream.

The first customers are fixed showcase cases (see `identities.py`) so that every seeded database,
however small, has the identities printed at the end of `seed`; the rest is drawn at random with a
realistic mix. Same number of lines and same `today` -> the same data, byte for byte.
"""

import random
from collections.abc import Iterator
from datetime import date

from storage.seed import names

SEED = 20_61_11_21
MONTHS = 12
ACTIVE, SUSPENDED, TERMINATED = "ACTIVE", "SUSPENDED", "TERMINATED"
MOBILE, FIXE, INTERNET = "MOBILE", "FIXE", "INTERNET"
PARTICULIER, PROFESSIONNEL, ENTREPRISE = "PARTICULIER", "PROFESSIONNEL", "ENTREPRISE"

# Showcase customers, always first: (kind, unpaid invoices, activated this month)
SHOWCASE = (("mobile", 3, False), ("fixe", 1, False), ("duo", 2, False), ("entreprise", 1, False),
            ("family", 1, False), ("mobile", 0, True), ("mobile", 0, False), ("internet", 1, False))
# Random customers: kind and its weight in the mix
KINDS = (("mobile", 55), ("family", 12), ("fixe", 12), ("duo", 10), ("internet", 6), ("pro", 4),
         ("entreprise", 1))


# A planned line is a plain tuple (millions of them): the `lines` row in column order, then what
# its invoices need. Field positions:
ID, CUSTOMER_NUMBER, SERVICE, SEGMENT, HOLDER, ACTIVATION, STATUS, PAYMENT_CODE, MSISDN, EMAIL = range(10)
FIRST_MONTH, UNPAID, BASE_CENTS, SHOWCASE_LINE = 10, 11, 12, 13
LINE_FIELDS = 10


def month_start(today: date, back: int) -> date:
    """The first day of the month `back` months before today's."""
    index = today.year * 12 + today.month - 1 - back
    return date(index // 12, index % 12 + 1, 1)


def customer_number(customer: int) -> str:
    """8 digits, unique: an affine bijection of the customer's rank modulo 9*10^7."""
    return str(10_000_000 + (customer * 7_919 + 1_716_820) % 90_000_000)


def mobile_number(line_id: int, prefix: str) -> str:
    return f"{prefix}{(line_id * 48_271 + 12_345_678) % 100_000_000:08d}"


def fixe_number(line_id: int) -> str:
    """05 + an area code + 6 digits; unique while there are fewer than 11 million lines."""
    tail = (line_id * 7_573 + 345_678) % 1_000_000
    area = names.FIXE_AREAS[(tail + line_id // 1_000_000) % len(names.FIXE_AREAS)]
    return f"05{area}{tail:06d}"


class Planner:
    """Draws customers one after the other until the requested number of lines is reached.

    Per-line work is kept to a few `random()` calls: a million lines take a few seconds.
    """

    def __init__(self, total_lines: int, today: date) -> None:
        self.total = total_lines
        self.today = today
        self.rng = random.Random(SEED)
        self.kinds = [k for k, w in KINDS for _ in range(w)]
        self.next_id = 1
        self.customer = 0

    def lines(self) -> Iterator[tuple]:
        rng = self.rng
        while self.next_id <= self.total:
            if self.customer < len(SHOWCASE):
                kind, unpaid, fresh = SHOWCASE[self.customer]
            else:
                kind, unpaid, fresh = self.kinds[int(rng.random() * len(self.kinds))], None, False
            yield from self._customer(kind, unpaid, fresh)
            self.customer += 1

    def _customer(self, kind: str, unpaid: int | None, fresh: bool) -> Iterator[tuple]:
        rng = self.rng
        cn = customer_number(self.customer)
        segment = ENTREPRISE if kind == "entreprise" else PROFESSIONNEL if kind == "pro" else PARTICULIER
        holder, email = self._holder(segment)
        if fresh:  # a "nouvel abonnement au cours du mois": no invoice yet
            months_back, activation = 0, self.today.replace(day=1)
        else:
            months_back = 40 if unpaid is not None else self._months_back()
            activation = month_start(self.today, months_back).replace(day=1 + int(rng.random() * 28))
        for service in self._services(kind):
            if self.next_id > self.total:
                return
            yield self._line(cn, service, segment, holder, email, activation, months_back, unpaid, fresh)
            self.next_id += 1

    def _months_back(self) -> int:
        """Most lines are years old; about 1 % were activated during the last eleven months."""
        draw = self.rng.random()
        return 1 + int(draw / 0.01 * 11) if draw < 0.01 else 13 + int(draw * 170)

    def _services(self, kind: str) -> list[str]:
        extra = int(self.rng.random() * 3)
        if kind == "family":
            return [MOBILE] * (2 + extra)
        if kind == "duo":
            return [FIXE, INTERNET]
        if kind == "pro":
            return [FIXE] + [MOBILE] * (1 + extra % 2)
        if kind == "entreprise":
            return [FIXE] + [MOBILE] * (2 + extra * 2)
        return [{"mobile": MOBILE, "fixe": FIXE, "internet": INTERNET}[kind]]

    def _holder(self, segment: str) -> tuple[str, str | None]:
        rng = self.rng
        if segment == ENTREPRISE:
            stem, trade = rng.choice(names.COMPANY_STEMS), rng.choice(names.COMPANY_TRADES)
            holder = f"{stem} {trade} {rng.choice(names.COMPANY_FORMS)}"
            return holder, f"contact@{names.ascii_slug(stem + trade)}.ma"
        first = rng.choice(names.FEMALE if rng.random() < 0.5 else names.MALE)
        last = rng.choice(names.FAMILY)
        if rng.random() >= 0.45:
            return f"{first} {last}", None
        slug = f"{names.ascii_slug(first)}.{names.ascii_slug(last)}{1 + int(rng.random() * 99)}"
        return f"{first} {last}", f"{slug}@{rng.choice(names.MAIL_DOMAINS)}"

    def _line(self, cn: str, service: str, segment: str, holder: str, email: str | None, activation: date,
              months_back: int, unpaid: int | None, fresh: bool) -> tuple:
        rng, line_id = self.rng, self.next_id
        if service == MOBILE:
            msisdn = mobile_number(line_id, "06" if rng.random() < 0.7 else "07")
        else:
            msisdn = fixe_number(line_id) if service == FIXE else None
        status, showcase = ACTIVE, unpaid is not None
        if unpaid is None:
            draw = rng.random()
            status = ACTIVE if draw < 0.96 else SUSPENDED if draw < 0.99 else TERMINATED
            unpaid = _UNPAID_DRAW[int(rng.random() * len(_UNPAID_DRAW))]
            unpaid = max(unpaid, 2) if status == SUSPENDED else 0 if status == TERMINATED else unpaid
        first_month = MONTHS if fresh else max(0, MONTHS - months_back)
        base = _BASE[service] * (3 if segment == ENTREPRISE else 1) + int(rng.random() * 40_000)
        return (line_id, cn, service, segment, holder, activation, status,
                f"{int(rng.random() * 1_000_000):06d}", msisdn, email,
                first_month, min(unpaid, MONTHS - first_month), base, showcase)


_BASE = {MOBILE: 9_900, FIXE: 14_900, INTERNET: 24_900}  # centimes HT before the random part
# How many of the latest invoices are still unpaid: 45 % none, 30 % one, 14 % two, 8 % three, 3 % five
_UNPAID_DRAW = (0,) * 45 + (1,) * 30 + (2,) * 14 + (3,) * 8 + (5,) * 3
