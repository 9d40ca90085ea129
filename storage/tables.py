"""The schema as SQLAlchemy Core tables; alembic migrations create exactly this.

Money is stored as whole centimes (BIGINT) so both backends compare and sum it exactly; detail
lines and header-like extras are JSON text, because nothing ever queries inside them.
"""

from datetime import UTC, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
)
from sqlalchemy.engine import Dialect

metadata = MetaData(naming_convention={
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
})


class UtcDateTime(TypeDecorator):
    """Aware UTC in and out: SQLite keeps no offset, so it is stored as UTC and put back on read."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored; use aware UTC datetimes")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


lines = Table(
    "lines", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("customer_number", String(12), nullable=False),
    Column("service", String(10), nullable=False),
    Column("segment", String(14), nullable=False),
    Column("holder_name", String(120), nullable=False),
    Column("activation_date", Date, nullable=False),
    Column("status", String(12), nullable=False),
    Column("payment_code", String(16), nullable=False),
    Column("msisdn", String(10), nullable=True),
    Column("email", String(254), nullable=True),
    Column("language", String(2), nullable=True),
    Index("ix_lines_msisdn", "msisdn", unique=True),
    Index("ix_lines_customer_number", "customer_number"),
)

invoices = Table(
    "invoices", metadata,
    Column("number", String(16), primary_key=True),
    Column("customer_number", String(12), nullable=False),
    Column("msisdn", String(10), nullable=True),
    Column("line_id", Integer, ForeignKey("lines.id"), nullable=True),
    Column("period", Date, nullable=False),
    Column("due_date", Date, nullable=False),
    Column("amount_ht_cents", BigInteger, nullable=False),
    Column("status", String(10), nullable=False),
    Column("paid_at", UtcDateTime, nullable=True),
    Column("payment_reference", String(64), nullable=True),
    Column("details", Text, nullable=True),
    # The access paths of e-facture: a line's invoices by period, and the two filters.
    Index("ix_invoices_line_id_period", "line_id", "period"),
    Index("ix_invoices_customer_number_period", "customer_number", "period"),
    Index("ix_invoices_msisdn_period", "msisdn", "period"),
)

SECONDARY_INDEXES = {
    "lines": ("ix_lines_msisdn", "ix_lines_customer_number"),
    "invoices": ("ix_invoices_line_id_period", "ix_invoices_customer_number_period",
                 "ix_invoices_msisdn_period"),
}

accounts = Table(
    "accounts", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("login", String(64), nullable=False),
    Column("password_hash", String(255), nullable=False),
    Column("service", String(10), nullable=False),
    Column("email", String(254), nullable=True),
    Column("must_change_password", Boolean, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("failed_logins", Integer, nullable=False, default=0),
    Column("locked_until", UtcDateTime, nullable=True),
    Column("last_login_at", UtcDateTime, nullable=True),
    Column("temporary_password_expires_at", UtcDateTime, nullable=True),
    Column("language", String(2), nullable=True),
    # A one-time password asked by "mot de passe oublié" waits here: the current one still works.
    Column("temporary_password_hash", String(255), nullable=True),
    Index("ix_accounts_login", "login", unique=True),
)

account_lines = Table(
    "account_lines", metadata,
    Column("account_id", Integer, ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True),
    Column("line_id", Integer, ForeignKey("lines.id"), primary_key=True),
    Column("position", Integer, nullable=False, default=0),
    Index("ix_account_lines_line_id", "line_id"),
)

payments = Table(
    "payments", metadata,
    Column("order_id", String(64), primary_key=True),
    Column("total_cents", BigInteger, nullable=False),
    Column("email", String(254), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("status", String(10), nullable=False),
    Column("conversation_key", String(128), nullable=True),
    Column("msisdn", String(10), nullable=True),
    Column("customer_number", String(12), nullable=True),
    Column("transaction_id", String(64), nullable=True),
    Column("authorization_code", String(32), nullable=True),
    Column("masked_card", String(32), nullable=True),
    Column("return_code", String(8), nullable=True),
    Column("settled_at", UtcDateTime, nullable=True),
    Column("receipt_token", String(128), nullable=True),
    Column("notify_msisdn", String(10), nullable=True),  # the confirmation SMS's number (0003)
    Column("language", String(2), nullable=True),  # the conversation's language (0003)
    Index("ix_payments_receipt_token", "receipt_token", unique=True),
)

payment_invoices = Table(
    "payment_invoices", metadata,
    Column("order_id", String(64), ForeignKey("payments.order_id", ondelete="CASCADE"), primary_key=True),
    Column("invoice_number", String(16), primary_key=True),
    Column("position", Integer, nullable=False),
    Index("ix_payment_invoices_invoice_number", "invoice_number"),
)

outbox = Table(
    "outbox", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("channel", String(8), nullable=False),
    Column("recipient", String(254), nullable=False),
    Column("subject", String(255), nullable=True),
    Column("body", Text, nullable=False),
    Column("kind", String(64), nullable=False),
    Column("headers", Text, nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("next_attempt_at", UtcDateTime, nullable=True),
    Column("created_at", UtcDateTime, nullable=True),
    Column("sent_at", UtcDateTime, nullable=True),
    Column("last_error", Text, nullable=True),
    Index("ix_outbox_sent_at_next_attempt_at", "sent_at", "next_attempt_at"),
)

attempts = Table(
    "attempts", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("key", String(255), nullable=False),
    Column("at", UtcDateTime, nullable=False),
    Index("ix_attempts_key_at", "key", "at"),
)

conversations = Table(
    "conversations", metadata,
    Column("key", String(128), primary_key=True),
    Column("flow", String(64), nullable=False),
    Column("state", String(64), nullable=False),
    Column("data", Text, nullable=False),
    Column("version", Integer, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    Column("language", String(2), nullable=False),
)

inbound_messages = Table(
    "inbound_messages", metadata,
    Column("key", String(128), primary_key=True),
    Column("message_id", String(128), primary_key=True),
    Column("at", UtcDateTime, nullable=False),
    Index("ix_inbound_messages_at", "at"),
)
