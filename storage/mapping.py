"""Rows <-> domain objects. Money travels as centimes, detail lines as JSON text."""

import json
from decimal import Decimal
from typing import Any

from domain.accounts import Account
from domain.invoices import DetailKind, Invoice, InvoiceDetail, InvoiceStatus
from domain.lines import Line
from domain.payments import Payment, PaymentStatus
from domain.ports import Channel, OutgoingMessage
from domain.services import LineStatus, Segment, ServiceType

HUNDRED = Decimal(100)


def to_cents(amount: Decimal) -> int:
    return int((amount * HUNDRED).to_integral_value())


def from_cents(cents: int) -> Decimal:
    return Decimal(cents).scaleb(-2)


def line_values(line: Line) -> dict[str, Any]:
    return {"customer_number": line.customer_number, "service": line.service.value,
            "segment": line.segment.value, "holder_name": line.holder_name,
            "activation_date": line.activation_date, "status": line.status.value,
            "payment_code": line.payment_code, "msisdn": line.msisdn, "email": line.email,
            "language": line.language}


def line_from_row(row: Any) -> Line:
    return Line(id=row.id, customer_number=row.customer_number, service=ServiceType(row.service),
                segment=Segment(row.segment), holder_name=row.holder_name,
                activation_date=row.activation_date, status=LineStatus(row.status),
                payment_code=row.payment_code, msisdn=row.msisdn, email=row.email,
                language=row.language)


def details_to_json(details: tuple[InvoiceDetail, ...]) -> str | None:
    if not details:
        return None
    return json.dumps([[d.kind.value, d.label, str(d.amount_ht)] for d in details], ensure_ascii=False)


def details_from_json(text: str | None) -> tuple[InvoiceDetail, ...]:
    if not text:
        return ()
    return tuple(InvoiceDetail(DetailKind(kind), label, Decimal(amount))
                 for kind, label, amount in json.loads(text))


def invoice_values(invoice: Invoice) -> dict[str, Any]:
    return {"number": invoice.number, "customer_number": invoice.customer_number,
            "msisdn": invoice.msisdn, "line_id": invoice.line_id, "period": invoice.period,
            "due_date": invoice.due_date, "amount_ht_cents": to_cents(invoice.amount_ht),
            "status": invoice.status.value, "paid_at": invoice.paid_at,
            "payment_reference": invoice.payment_reference,
            "details": details_to_json(invoice.details)}


def invoice_from_row(row: Any) -> Invoice:
    return Invoice(number=row.number, customer_number=row.customer_number, msisdn=row.msisdn,
                   line_id=row.line_id, period=row.period, due_date=row.due_date,
                   amount_ht=from_cents(row.amount_ht_cents), status=InvoiceStatus(row.status),
                   paid_at=row.paid_at, payment_reference=row.payment_reference,
                   details=details_from_json(row.details))


def account_values(account: Account) -> dict[str, Any]:
    return {"login": account.login, "password_hash": account.password_hash,
            "service": account.service.value, "email": account.email,
            "must_change_password": account.must_change_password, "created_at": account.created_at,
            "failed_logins": account.failed_logins, "locked_until": account.locked_until,
            "last_login_at": account.last_login_at,
            "temporary_password_expires_at": account.temporary_password_expires_at,
            "temporary_password_hash": account.temporary_password_hash,
            "language": account.language}


def account_from_row(row: Any, line_ids: tuple[int, ...]) -> Account:
    return Account(id=row.id, login=row.login, password_hash=row.password_hash,
                   service=ServiceType(row.service), line_ids=line_ids, email=row.email,
                   must_change_password=bool(row.must_change_password), created_at=row.created_at,
                   failed_logins=row.failed_logins, locked_until=row.locked_until,
                   last_login_at=row.last_login_at,
                   temporary_password_expires_at=row.temporary_password_expires_at,
                   temporary_password_hash=row.temporary_password_hash,
                   language=row.language)


def payment_values(payment: Payment) -> dict[str, Any]:
    return {"order_id": payment.order_id, "total_cents": to_cents(payment.total),
            "email": payment.email, "created_at": payment.created_at, "status": payment.status.value,
            "conversation_key": payment.conversation_key, "msisdn": payment.msisdn,
            "customer_number": payment.customer_number, "transaction_id": payment.transaction_id,
            "authorization_code": payment.authorization_code, "masked_card": payment.masked_card,
            "return_code": payment.return_code, "settled_at": payment.settled_at,
            "receipt_token": payment.receipt_token}


def payment_from_row(row: Any, invoice_numbers: tuple[str, ...]) -> Payment:
    return Payment(order_id=row.order_id, invoice_numbers=invoice_numbers,
                   total=from_cents(row.total_cents), email=row.email, created_at=row.created_at,
                   status=PaymentStatus(row.status), conversation_key=row.conversation_key,
                   msisdn=row.msisdn, customer_number=row.customer_number,
                   transaction_id=row.transaction_id, authorization_code=row.authorization_code,
                   masked_card=row.masked_card, return_code=row.return_code,
                   settled_at=row.settled_at, receipt_token=row.receipt_token)


def message_values(message: OutgoingMessage) -> dict[str, Any]:
    return {"channel": message.channel.value, "recipient": message.recipient,
            "subject": message.subject, "body": message.body, "kind": message.kind,
            "headers": json.dumps(message.headers, ensure_ascii=False), "attempts": message.attempts,
            "next_attempt_at": message.next_attempt_at or message.created_at,
            "created_at": message.created_at, "sent_at": message.sent_at,
            "last_error": message.last_error}


def message_from_row(row: Any) -> OutgoingMessage:
    return OutgoingMessage(channel=Channel(row.channel), recipient=row.recipient, body=row.body,
                           subject=row.subject, kind=row.kind, id=row.id, attempts=row.attempts,
                           next_attempt_at=row.next_attempt_at, created_at=row.created_at,
                           sent_at=row.sent_at, last_error=row.last_error,
                           headers=json.loads(row.headers))
