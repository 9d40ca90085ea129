"""Ports: what the domain and the conversations need from the outside world.

Storage implements the repositories and the unit of work (SQLite and PostgreSQL); the edges
implement notifications, the payment gateway and document rendering. Tests use hand-written
fakes of these protocols.
"""

from collections.abc import Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any, Protocol

from domain.accounts import Account
from domain.invoices import Invoice, InvoiceFilter
from domain.lines import Line
from domain.payments import Payment, PaymentStatus


class LineRepository(Protocol):
    async def get(self, line_id: int) -> Line | None: ...
    async def by_msisdn(self, msisdn: str) -> Line | None: ...
    async def by_customer_number(self, customer_number: str) -> list[Line]: ...
    async def by_ids(self, line_ids: Sequence[int]) -> list[Line]: ...
    async def add(self, line: Line) -> Line: ...
    async def set_language(self, line_id: int, language: str) -> None: ...


class InvoiceRepository(Protocol):
    async def get(self, number: str) -> Invoice | None: ...
    async def many(self, numbers: Sequence[str]) -> list[Invoice]: ...
    async def latest_for_lines(self, line_ids: Sequence[int], limit: int = 6,
                               invoice_filter: InvoiceFilter | None = None) -> list[Invoice]: ...
    async def unpaid_for_lines(self, line_ids: Sequence[int]) -> list[Invoice]: ...
    async def add(self, invoice: Invoice) -> None: ...
    async def mark_paid(self, numbers: Sequence[str], paid_at: datetime, reference: str) -> int:
        """Mark the still-unpaid ones paid; returns how many changed (0 if already paid)."""
        ...


class AccountRepository(Protocol):
    async def get(self, account_id: int) -> Account | None: ...
    async def by_login(self, login: str) -> Account | None: ...
    async def by_line(self, line_id: int) -> Account | None: ...
    async def add(self, account: Account) -> Account: ...
    async def update(self, account: Account) -> None: ...


class PaymentRepository(Protocol):
    async def get(self, order_id: str) -> Payment | None: ...
    async def by_receipt_token(self, token: str) -> Payment | None: ...
    async def add(self, payment: Payment) -> None: ...
    async def update_if(self, payment: Payment, expected: PaymentStatus) -> bool:
        """Store `payment` only if the stored status is still `expected` (compare-and-set)."""
        ...
    async def pending_for_invoices(self, numbers: Sequence[str]) -> list[Payment]: ...


class Channel(StrEnum):
    SMS = "SMS"
    EMAIL = "EMAIL"
    # A system event for a conversation (e.g. a settled payment): `recipient` is the conversation
    # key, `kind` the event name and `body` its JSON payload. Queued in the same transaction as
    # the change it reports, so a crash right after commit cannot lose the chat message.
    CHAT = "CHAT"


@dataclass(frozen=True, slots=True)
class OutgoingMessage:
    """A notification waiting in the durable outbox until a sender delivers it."""

    channel: Channel
    recipient: str
    body: str
    subject: str | None = None
    kind: str = "generic"
    id: int | None = None
    attempts: int = 0
    next_attempt_at: datetime | None = None
    created_at: datetime | None = None
    sent_at: datetime | None = None
    last_error: str | None = None
    headers: dict[str, str] = field(default_factory=dict)


class Outbox(Protocol):
    async def put(self, message: OutgoingMessage) -> int: ...
    async def due(self, now: datetime, limit: int = 50) -> list[OutgoingMessage]: ...
    async def mark_sent(self, message_id: int, now: datetime) -> None: ...
    async def mark_failed(self, message_id: int, error: str, retry_at: datetime) -> None: ...


class AttemptLog(Protocol):
    """Counts attempts per key (rate limits: wrong payment codes, password resets, SMS CODE)."""

    async def record(self, key: str, at: datetime) -> None: ...
    async def count_since(self, key: str, since: datetime) -> int: ...
    async def clear(self, key: str) -> None: ...
    async def latest(self, key: str) -> datetime | None:
        """The time of the newest attempt under `key` (one query), or None."""
        ...


class UnitOfWork(Protocol):
    """One database transaction; nothing is stored before `commit`."""

    lines: LineRepository
    invoices: InvoiceRepository
    accounts: AccountRepository
    payments: PaymentRepository
    outbox: Outbox
    attempts: AttemptLog

    async def __aenter__(self) -> "UnitOfWork": ...
    async def __aexit__(self, *exc: object) -> None: ...
    async def commit(self) -> None: ...
    async def rollback(self) -> None: ...
    async def lock_key(self, key: str) -> None:
        """Serialise, across processes, every transaction that takes the same `key` (a counter
        read then written, e.g. failed tries): held until commit or rollback, so take it first,
        before reading, and again after a commit. Never take two keys in one transaction."""
        ...


class UnitOfWorkFactory(Protocol):
    def __call__(self) -> UnitOfWork: ...


@dataclass(slots=True)
class StoredConversation:
    """The persisted state of one conversation; `data` must be JSON-serialisable."""

    key: str
    flow: str
    state: str
    data: dict[str, Any]
    version: int
    updated_at: datetime
    language: str = "fr"


class ConversationStore(Protocol):
    """Conversation state with a version, plus the ids of inbound messages already handled.

    `lock(key)` serialises events of one conversation, across processes where the backend can
    (PostgreSQL advisory locks); state is loaded only after the lock is held.
    """

    def lock(self, key: str) -> AbstractAsyncContextManager[None]: ...
    async def load(self, key: str) -> StoredConversation | None: ...
    async def save(self, conversation: StoredConversation, expected_version: int,
                   inbound_id: str | None = None, at: datetime | None = None) -> None:
        """Store the state and, in the SAME transaction, record `inbound_id` (received
        `at`, by default the conversation's updated_at), so an event is either handled AND marked
        seen, or neither.

        Raise domain.errors.Conflict, recording nothing, if the stored version is not
        `expected_version` or `inbound_id` was already recorded for this conversation.
        """
        ...
    async def seen_inbound(self, key: str, message_id: str) -> bool:
        """True if the inbound message id was recorded (by save or remember_inbound); records nothing."""
        ...
    async def remember_inbound(self, key: str, message_id: str, at: datetime) -> bool:
        """Record an inbound message id without a state change; False if it had been recorded before."""
        ...
    async def count(self) -> int: ...
