"""The receipt of an approved payment, as the payment guide shows it."""

from collections.abc import Sequence

from domain.errors import NotFound
from domain.payments import Payment, PaymentStatus
from domain.ports import UnitOfWork
from domain.receipts import Receipt, ReceiptLine


def payment_method_of(masked_card: str) -> str:
    """The receipt's "Méthode de paiement", from the card's first digit (brand by BIN range)."""
    first = masked_card.strip()[:1]
    return {"4": "VISA", "5": "MasterCard", "2": "MasterCard"}.get(first, "CMI")


def build_receipt(payment: Payment, lines: Sequence[ReceiptLine]) -> Receipt:
    if payment.status is not PaymentStatus.APPROVED or payment.settled_at is None:
        raise NotFound(f"no receipt for payment {payment.order_id}")
    return Receipt(
        msisdn=payment.msisdn, customer_number=payment.customer_number, email=payment.email,
        paid_at=payment.settled_at, authorization_code=payment.authorization_code or "",
        lines=tuple(lines), payment_method=payment_method_of(payment.masked_card or ""),
        masked_card=payment.masked_card or "", total=payment.total,
        transaction_id=payment.transaction_id or "", order_id=payment.order_id,
        token=payment.receipt_token or "")


async def receipt_lines(uow: UnitOfWork, payment: Payment) -> list[ReceiptLine]:
    invoices = {invoice.number: invoice for invoice in await uow.invoices.many(payment.invoice_numbers)}
    return [ReceiptLine(number, invoices[number].period, invoices[number].amount_ttc)
            for number in payment.invoice_numbers if number in invoices]
