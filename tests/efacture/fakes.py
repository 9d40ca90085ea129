"""Hand-written fakes of the ports e-facture uses; flows may reuse them.

`FakeData` is the whole "database"; a `FakeUnitOfWork` snapshots it on entry and restores it on
exit unless committed, so a refused use case leaves nothing behind, as a real transaction.
"""

import copy
import hmac
import re
from dataclasses import dataclass, field, replace
from datetime import datetime

from domain.accounts import Account
from domain.errors import Conflict
from domain.invoices import Invoice, InvoiceFilter
from domain.lines import Line
from domain.ports import OutgoingMessage


@dataclass
class FakeData:
    lines: dict[int, Line] = field(default_factory=dict)
    invoices: dict[str, Invoice] = field(default_factory=dict)
    accounts: dict[int, Account] = field(default_factory=dict)
    outbox: list[OutgoingMessage] = field(default_factory=list)
    attempts: dict[str, list[datetime]] = field(default_factory=dict)


class FakeLines:
    def __init__(self, data: FakeData) -> None:
        self.data = data

    async def get(self, line_id):
        return self.data.lines.get(line_id)

    async def by_msisdn(self, msisdn):
        return next((line for line in self.data.lines.values() if line.msisdn == msisdn), None)

    async def by_customer_number(self, customer_number):
        return [line for line in self.data.lines.values() if line.customer_number == customer_number]

    async def by_ids(self, line_ids):
        return [self.data.lines[i] for i in line_ids if i in self.data.lines]

    async def add(self, line):
        line = replace(line, id=line.id or len(self.data.lines) + 1)
        self.data.lines[line.id] = line
        return line

    async def set_language(self, line_id, language):
        self.data.lines[line_id] = replace(self.data.lines[line_id], language=language)


class FakeInvoices:
    """Newest échéance first, as the real repository must list them."""

    def __init__(self, data: FakeData) -> None:
        self.data = data

    async def get(self, number):
        return self.data.invoices.get(number)

    async def many(self, numbers):
        return [self.data.invoices[n] for n in numbers if n in self.data.invoices]

    async def latest_for_lines(self, line_ids, limit=6, invoice_filter: InvoiceFilter | None = None):
        wanted = invoice_filter or InvoiceFilter()
        found = [i for i in self.data.invoices.values() if i.line_id in line_ids and wanted.matches(i)]
        return sorted(found, key=lambda i: (i.period, i.number), reverse=True)[:limit]

    async def unpaid_for_lines(self, line_ids):
        return [i for i in await self.latest_for_lines(line_ids, 10_000) if i.is_payable]

    async def add(self, invoice):
        self.data.invoices[invoice.number] = invoice

    async def mark_paid(self, numbers, paid_at, reference):
        return 0  # not used by e-facture


class FakeAccounts:
    """Enforces what the real tables must: one login, one account per line."""

    def __init__(self, data: FakeData) -> None:
        self.data = data

    async def get(self, account_id):
        return self.data.accounts.get(account_id)

    async def by_login(self, login):
        return next((a for a in self.data.accounts.values() if a.login == login), None)

    async def by_line(self, line_id):
        return next((a for a in self.data.accounts.values() if line_id in a.line_ids), None)

    async def add(self, account):
        taken = {line for a in self.data.accounts.values() for line in a.line_ids}
        if await self.by_login(account.login) or taken & set(account.line_ids):
            raise Conflict("account")
        account = replace(account, id=len(self.data.accounts) + 1)
        self.data.accounts[account.id] = account
        return account

    async def update(self, account):
        self.data.accounts[account.id] = account


class FakeOutbox:
    def __init__(self, data: FakeData) -> None:
        self.data = data

    async def put(self, message):
        self.data.outbox.append(replace(message, id=len(self.data.outbox) + 1))
        return len(self.data.outbox)

    async def due(self, now, limit=50):
        return [m for m in self.data.outbox if m.sent_at is None][:limit]

    async def mark_sent(self, message_id, now):
        self.data.outbox[message_id - 1] = replace(self.data.outbox[message_id - 1], sent_at=now)

    async def mark_failed(self, message_id, error, retry_at):
        self.data.outbox[message_id - 1] = replace(self.data.outbox[message_id - 1], last_error=error,
                                                   next_attempt_at=retry_at)


class FakeAttempts:
    def __init__(self, data: FakeData) -> None:
        self.data = data

    async def record(self, key, at):
        self.data.attempts.setdefault(key, []).append(at)

    async def count_since(self, key, since):
        return sum(1 for at in self.data.attempts.get(key, []) if at >= since)

    async def clear(self, key):
        self.data.attempts.pop(key, None)

    async def latest(self, key):
        return max(self.data.attempts.get(key, []), default=None)


class FakeUnitOfWork:
    """Payments are not faked here: e-facture does not use them."""

    def __init__(self, data: FakeData | None = None) -> None:
        self.data = data or FakeData()
        self.lines, self.invoices = FakeLines(self.data), FakeInvoices(self.data)
        self.accounts, self.outbox = FakeAccounts(self.data), FakeOutbox(self.data)
        self.attempts = FakeAttempts(self.data)
        self.commits = 0
        self.locked_keys: list[str] = []  # one process, one task at a time: recording is enough
        self._snapshot: FakeData | None = None

    async def __aenter__(self):
        self._snapshot = copy.deepcopy(self.data)
        return self

    async def __aexit__(self, *exc):
        await self.rollback()

    async def commit(self):
        self.commits += 1
        self._snapshot = copy.deepcopy(self.data)

    async def rollback(self):
        if self._snapshot is not None:
            self.data.__dict__.update(self._snapshot.__dict__)

    async def lock_key(self, key):
        self.locked_keys.append(key)


class FakePasswordHasher:
    """Readable "hashes" that still need the right secret; counts calls to check timing parity."""

    def __init__(self, version: int = 1) -> None:
        self.version = version
        self.hashes = 0
        self.verifications = 0

    def hash(self, password: str) -> str:
        self.hashes += 1
        return f"fake:v{self.version}:{password}"

    def verify(self, password_hash: str, password: str) -> bool:
        self.verifications += 1
        _, _, secret = password_hash.partition(":")[2].partition(":")
        return password_hash.startswith("fake:") and hmac.compare_digest(secret.encode(), password.encode())

    def needs_rehash(self, password_hash: str) -> bool:
        return not password_hash.startswith(f"fake:v{self.version}:")


class FrenchTexts:
    """A plain French NotificationTexts; the real one reads conversations/texts/fr/efacture.yaml."""

    def temporary_password_sms(self, login, password, language):
        return f"e-facture Maroc Telecom : login {login}, mot de passe provisoire {password} (valable 24 h)."

    def temporary_password_email(self, login, password, language):
        return ("Votre mot de passe e-facture",
                f"Bonjour,\nVotre login : {login}\nVotre mot de passe provisoire : {password}\n"
                "Il est valable 24 heures et devra être changé à la première connexion.")

    def email_change_code(self, login, code, expires_at, language):
        return ("Confirmez votre nouvelle adresse e-facture",
                f"Bonjour {login},\nVotre code de confirmation : {code} (valable 30 minutes).")


def secret_in(message: OutgoingMessage) -> str:
    """The password or code a FrenchTexts message carries."""
    return re.search(r"(?:mot de passe provisoire|code de confirmation) :? ?(\S+)", message.body)[1]
