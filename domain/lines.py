"""A line: one subscription (Mobile, Fixe or Internet) under a numéro client."""

from dataclasses import dataclass
from datetime import date

from domain.services import LineStatus, Segment, ServiceType


@dataclass(frozen=True, slots=True)
class Line:
    """One subscription.

    `msisdn` is the numéro d'appel in national form (0612345678); an Internet-only line has
    none. `customer_number` is the numéro client printed at the top of the invoice; several
    lines may share one (a family's mobiles, a Duo pack of Fixe + Internet). `payment_code` is
    the "code de paiement" of Fixe invoices or the "code fidélio" of a Mobile line.
    """

    id: int | None
    customer_number: str
    service: ServiceType
    segment: Segment
    holder_name: str
    activation_date: date
    status: LineStatus
    payment_code: str
    msisdn: str | None = None
    email: str | None = None
    language: str | None = None

    @property
    def is_active(self) -> bool:
        return self.status is LineStatus.ACTIVE

    def activated_in_month_of(self, today: date) -> bool:
        """A line activated this month has no invoice yet: the guide says come back next month."""
        return (self.activation_date.year, self.activation_date.month) == (today.year, today.month)

    @property
    def identifier(self) -> str:
        """What identifies the line to its owner: the call number, else the numéro client."""
        return self.msisdn or self.customer_number
