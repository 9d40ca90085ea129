"""Ready-to-use test identities of the demo base, known without reading the database.

The planner always starts with the showcase customers, so their lines are the same in every
seeded database for a given `today` (and present as soon as it has about twenty lines).
"""

from dataclasses import dataclass
from datetime import date

from storage.seed import plan

_PURPOSES = (  # (key, what the identity is good for), in the planner's SHOWCASE order
    ("mobile", "Mobile line with 3 unpaid invoices (2 overdue): pay them with the code fidélio"),
    ("fixe", "Fixe line with 1 unpaid invoice: pay with the code de paiement; e-facture service Fixe"),
    ("duo", "Pack Duo (Fixe + Internet) under one numéro client: e-facture service Internet, pay by N° client"),
    ("entreprise", "ENTREPRISE line: online registration is refused (go to an agence commerciale)"),
    ("family", "Family: several Mobile lines under one numéro client"),
    ("new_line", "Line activated this month: no invoice yet, an account can be created only next month"),
    ("paid_mobile", "Mobile line with every invoice paid: nothing to pay"),
    ("internet", "Internet-only line (no call number): identified by its numéro client"),
)


@dataclass(frozen=True, slots=True)
class DemoIdentity:
    purpose: str
    service: str
    segment: str
    msisdn: str | None
    customer_number: str
    payment_code: str
    holder_name: str
    unpaid_invoices: int
    key: str  # a stable short name: mobile, fixe, duo, entreprise, family, new_line, paid_mobile, internet


def demo_identities(today: date, total_lines: int = 10_000) -> list[DemoIdentity]:
    """One identity per showcase customer (its first line), for a base seeded on `today`."""
    first_lines: dict[str, tuple] = {}
    for line in plan.Planner(min(total_lines, 60), today).lines():
        first_lines.setdefault(line[plan.CUSTOMER_NUMBER], line)
    identities = []
    for (key, purpose), line in zip(_PURPOSES, first_lines.values(), strict=False):
        identities.append(DemoIdentity(purpose, line[plan.SERVICE], line[plan.SEGMENT], line[plan.MSISDN],
                                       line[plan.CUSTOMER_NUMBER], line[plan.PAYMENT_CODE],
                                       line[plan.HOLDER], line[plan.UNPAID], key))
    return identities


def format_identities(identities: list[DemoIdentity]) -> str:
    """A small table for the terminal."""
    rows = [("numéro d'appel", "N° client", "code", "service", "good for")]
    rows += [(i.msisdn or "-", i.customer_number, i.payment_code, f"{i.service}/{i.segment}", i.purpose)
             for i in identities]
    widths = [max(len(row[c]) for row in rows) for c in range(4)]
    return "\n".join("  ".join(cell.ljust(w) for cell, w in zip(row[:4], widths, strict=True)) + "  " + row[4]
                     for row in rows)
