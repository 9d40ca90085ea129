"""Payment use cases: start an attempt, open its link once, settle the gateway's verdict once.

The gateway (CMI) may call back several times for one order id, declined attempts first, in any
order, and again after we crashed between storing the result and answering. Settlement is a
compare-and-set on the payment's status plus `mark_paid` in the same unit of work, so however many
callbacks race, one wins, the invoices are paid once and the receipt hook runs once.

Ports defined here (besides those of domain.ports): `PaymentEvents`, the hook the composition root
connects to the chat push and the email outbox.

    model       PaymentLink, GatewayResult, Settlement, Refusal, PaymentEvents (port), event payloads
    links       order ids and `<oid>.<HMAC>` link tokens
    service     PaymentUseCases: start, open_link, payment, receipt, settle
    settlement  Settler: exactly-once settlement of callbacks
    receipt     the Receipt of an approved payment
    confirmation  the one number a confirmation SMS may go to (the paid Mobile line's own)
    identify    PayerIdentification: a line by number + code (3 tries, then 15 minutes blocked)
"""

from domain.payment_usecases.identify import (
    IDENTIFICATION_BLOCKED,
    IDENTIFICATION_FAILED,
    Payer,
    PayerIdentification,
)
from domain.payment_usecases.links import derive_link_key, link_token, new_order_id, order_id_of
from domain.payment_usecases.model import (
    ALREADY_PAID_CODE,
    APPROVED_CODE,
    LINK_VALIDITY,
    GatewayResult,
    PaymentEvent,
    PaymentEvents,
    PaymentLink,
    Refusal,
    Settlement,
    event_payload,
    in_transaction,
)
from domain.payment_usecases.receipt import build_receipt, payment_method_of, receipt_lines
from domain.payment_usecases.service import PaymentUseCases

__all__ = [
    "IDENTIFICATION_BLOCKED", "IDENTIFICATION_FAILED", "Payer", "PayerIdentification", "in_transaction",
    "ALREADY_PAID_CODE", "APPROVED_CODE", "LINK_VALIDITY", "GatewayResult", "PaymentEvent", "PaymentEvents",
    "PaymentLink", "PaymentUseCases", "Refusal", "Settlement", "build_receipt", "derive_link_key",
    "event_payload", "link_token", "new_order_id", "order_id_of", "payment_method_of", "receipt_lines",
]
