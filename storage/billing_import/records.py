"""The two CSV exports of the billing system, recognised by their header, parsed row by row.

Parsing is pure: each row gives either a record or the list of its problems. Checks that need the
database (unknown numéro client, invoice number already stored with other data) come later.
"""

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import TypeVar

from domain.clock import LOCAL_TZ
from domain.errors import InvalidCustomerNumber, InvalidPhoneNumber
from domain.invoices import InvoiceStatus, is_invoice_number
from domain.lines import Line
from domain.phone import normalize_customer_number, normalize_msisdn, service_of_msisdn
from domain.services import LineStatus, Segment, ServiceType

LINE_COLUMNS = ("numero_client", "numero_appel", "service", "segment", "titulaire", "date_activation",
                "statut", "code_paiement", "email")
LINE_REQUIRED = {"numero_client", "service", "titulaire", "date_activation", "code_paiement"}
INVOICE_COLUMNS = ("numero_facture", "numero_client", "numero_appel", "echeance", "date_limite", "montant_ht",
                   "statut", "date_paiement", "reference_paiement")
INVOICE_REQUIRED = {"numero_facture", "numero_client", "echeance", "date_limite", "montant_ht"}

T = TypeVar("T")
_STATUS_WORDS = {"PAID": InvoiceStatus.PAID, "PAYEE": InvoiceStatus.PAID, "UNPAID": InvoiceStatus.UNPAID,
                 "IMPAYEE": InvoiceStatus.UNPAID, "NON PAYEE": InvoiceStatus.UNPAID, "": InvoiceStatus.UNPAID,
                 "CANCELLED": InvoiceStatus.CANCELLED, "ANNULEE": InvoiceStatus.CANCELLED}
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_PAYMENT_CODE = re.compile(r"\d{4,16}")
_AMOUNT = re.compile(r"\d{1,12}(?:[.,]\d{1,2})?")
_MONTH = re.compile(r"(\d{4})-(\d{2})(?:-01)?|(\d{2})/(\d{4})")


# What checking a file against the database gives: (rows to insert, rows to update, unchanged count,
# [(line number, reason)]); nothing is written before every row passed.
Plan = tuple[list, list[dict], int, list[tuple[int, str]]]


class RowProblems(Exception):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def header_key(cell: str) -> str:
    """"Numéro d'appel " -> numero_appel, "N° client" -> numero_client: accents, case and spacing
    do not matter, and the short forms printed on invoices are understood."""
    plain = unicodedata.normalize("NFKD", cell).encode("ascii", "ignore").decode().strip().lower()
    key = re.sub(r"[^a-z0-9]+", "_", plain).strip("_").replace("_d_", "_")
    return _ALIASES.get(key, key)


_ALIASES = {"n_client": "numero_client", "no_client": "numero_client", "n_facture": "numero_facture",
            "no_facture": "numero_facture", "n_appel": "numero_appel", "no_appel": "numero_appel"}


def kind_of(header: list[str]) -> str | None:
    keys = set(header)
    if LINE_REQUIRED <= keys and keys <= set(LINE_COLUMNS):
        return "lines"
    if INVOICE_REQUIRED <= keys and keys <= set(INVOICE_COLUMNS):
        return "invoices"
    return None


@dataclass(frozen=True, slots=True)
class InvoiceRecord:
    number: str
    customer_number: str
    msisdn: str | None
    period: date
    due_date: date
    amount_cents: int
    status: InvoiceStatus
    paid_at: datetime | None
    reference: str | None


class _Row:
    """Reads cells of one row, collecting every problem instead of stopping at the first."""

    def __init__(self, cells: dict[str, str]) -> None:
        self.cells = cells  # already stripped by the reader
        self.problems: list[str] = []

    def text(self, column: str) -> str:
        return self.cells.get(column, "")

    def check(self, column: str, parse: Callable[[str], T], label: str) -> T | None:
        raw = self.text(column)
        try:
            return parse(raw)
        except (ValueError, InvalidPhoneNumber, InvalidCustomerNumber):
            self.problems.append(f"{label} {raw!r}")
            return None

    def done(self) -> None:
        if self.problems:
            raise RowProblems(self.problems)


def _status(raw: str) -> InvoiceStatus | None:
    """PAID, payée, Impayée, non payée...: case, accents and spaces do not matter."""
    status = _STATUS_WORDS.get(raw.upper())
    return status if status is not None else _STATUS_WORDS.get(header_key(raw).replace("_", " ").upper())


def parse_date(raw: str) -> date:
    if "/" in raw:
        day, month, year = raw.split("/")
        return date(int(year), int(month), int(day))
    return date.fromisoformat(raw)


def parse_month(raw: str) -> date:
    if len(raw) == 7 and raw[4] == "-" and raw[:4].isdigit() and raw[5:].isdigit():  # the usual YYYY-MM
        return date(int(raw[:4]), int(raw[5:]), 1)
    match = _MONTH.fullmatch(raw)
    if not match:
        raise ValueError(raw)
    year, month = (match[1], match[2]) if match[1] else (match[4], match[3])
    return date(int(year), int(month), 1)


def parse_moment(raw: str) -> datetime:
    """A payment time; without an offset it is Casablanca time, as the billing system writes it."""
    moment = datetime.fromisoformat(raw) if "-" in raw else datetime.combine(parse_date(raw), time())
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=LOCAL_TZ)
    return moment.astimezone(UTC)


def parse_cents(raw: str) -> int:
    """"1 234,50" or "1234.5" -> 123450; at most two decimals, never negative."""
    text = raw.replace(" ", "").replace("\u00a0", "").replace("\u202f", "")
    if not _AMOUNT.fullmatch(text):
        raise ValueError(raw)
    whole, _, fraction = text.replace(",", ".").partition(".")
    return int(whole) * 100 + int(fraction.ljust(2, "0"))


def parse_invoice(cells: dict[str, str]) -> InvoiceRecord:
    row = _Row(cells)
    number = row.text("numero_facture")
    if not is_invoice_number(number):
        row.problems.append(f"bad invoice number {number!r} (16 digits expected)")
    customer = row.check("numero_client", normalize_customer_number, "bad numéro client")
    msisdn = row.check("numero_appel", normalize_msisdn, "bad number") if row.text("numero_appel") else None
    period = row.check("echeance", parse_month, "malformed échéance (YYYY-MM expected)")
    due = row.check("date_limite", parse_date, "malformed date_limite (YYYY-MM-DD or DD/MM/YYYY expected)")
    cents = row.check("montant_ht", parse_cents, "malformed amount")
    status = _status(row.text("statut"))
    if status is None:
        row.problems.append(f"unknown statut {row.text('statut')!r} (PAID, UNPAID or CANCELLED)")
    paid_at = None
    if row.text("date_paiement"):
        paid_at = row.check("date_paiement", parse_moment, "malformed date_paiement")
    elif status is InvoiceStatus.PAID:
        row.problems.append("a PAID invoice needs its date_paiement")
    row.done()
    return InvoiceRecord(number, customer, msisdn, period, due, cents, status, paid_at,
                         row.text("reference_paiement") or None)


def parse_line(cells: dict[str, str]) -> Line:
    row = _Row(cells)
    customer = row.check("numero_client", normalize_customer_number, "bad numéro client")
    service = row.check("service", lambda raw: ServiceType(raw.upper()), "unknown service")
    segment = row.check("segment", lambda raw: Segment((raw or "PARTICULIER").upper()), "unknown segment")
    status = row.check("statut", lambda raw: LineStatus((raw or "ACTIVE").upper()), "unknown statut")
    activation = row.check("date_activation", parse_date, "malformed date_activation")
    msisdn = row.check("numero_appel", normalize_msisdn, "bad number") if row.text("numero_appel") else None
    if msisdn and service and (service is ServiceType.INTERNET or service_of_msisdn(msisdn) is not service):
        row.problems.append(f"bad number {msisdn}: not a {service.value} number")
    if msisdn is None and service in (ServiceType.MOBILE, ServiceType.FIXE) and not row.text("numero_appel"):
        row.problems.append(f"a {service.value} line needs its numero_appel")
    code = row.text("code_paiement")
    if not _PAYMENT_CODE.fullmatch(code):
        row.problems.append(f"bad code_paiement {code!r} (4 to 16 digits)")
    email = row.text("email") or None
    if email and not _EMAIL.fullmatch(email):
        row.problems.append(f"bad email {email!r}")
    if not row.text("titulaire"):
        row.problems.append("titulaire is empty")
    row.done()
    return Line(None, customer, service, segment, row.text("titulaire"), activation, status, code, msisdn, email)
