"""The payment hook (domain.payment_usecases.PaymentEvents): durable email and chat messages.

Everything goes through the outbox, in the transaction that stores the verdict, so a crash right
after the commit loses nothing:

* approved (`receipt_ready`): the receipt EMAIL (text with the link {public_base_url}/receipt/{token};
  the outbox carries no attachments yet, so the PDF is not attached: the page prints it, and the chat
  sends it as a document) and a CHAT message `payment_approved` for the conversation; when the
  subscriber asked for it (`payment.notify_msisdn`, a Mobile line's own number), one SMS
  `payment_confirmation` (amount, N° d'autorisation, 777; one SMS long) in the chat's language;
* declined (`decline_recorded`): a CHAT message `payment_declined` with the reason's catalog key;
* link refused (`link_refusal_recorded`): a CHAT message `payment_link_refused`.

A CHAT message is `OutgoingMessage(Channel.CHAT, recipient=conversation key, kind=event name,
body=JSON payload)`; the dispatcher hands it to the engine as `Inbound(key, event=kind, payload=...)`.
The after-commit methods only `wake` the dispatcher: the outbox alone pushes, at least once (a
failed push is retried and may show the same receipt twice; see bot/delivery.py).

    notifier = PaymentNotifier(settings.web.public_base_url, wake=dispatcher.wake)
    deps = PaymentWebDeps(db.uow, settings, store_key, clock, on_settled=notifier)
    services = payment_services(deps, db.uow)   # -> FlowServices(payment=services)
"""

import json
from collections.abc import Callable

from bot.cmi.codes import decline_text_key
from bot.documents import render_receipt_pdf
from bot.web.payment_pages import PaymentWebDeps
from conversations import formatting
from conversations.catalog import Catalog
from conversations.flows.payment.services import PaymentServices
from domain.payment_usecases import PaymentEvent, PaymentUseCases, event_payload
from domain.payments import Payment
from domain.ports import Channel, OutgoingMessage, UnitOfWork, UnitOfWorkFactory
from domain.receipts import Receipt
from domain.sms_keywords import sms_amount

EMAIL_LANGUAGE = "fr"  # a Payment carries no language; the guide's receipt (and the PDF) are French
RECEIPT_EMAIL_KIND = "payment_receipt"
CONFIRMATION_SMS_KIND = "payment_confirmation"


def chat_message(conversation_key: str, event: PaymentEvent, payload: dict[str, str]) -> OutgoingMessage:
    return OutgoingMessage(Channel.CHAT, conversation_key, json.dumps(payload, ensure_ascii=False),
                           kind=event.value)


class PaymentNotifier:
    def __init__(self, public_base_url: str, catalog: Catalog | None = None,
                 wake: Callable[[], None] | None = None) -> None:
        self.public_base_url = public_base_url.rstrip("/")
        self.catalog = catalog or Catalog.load()
        self._wake = wake or (lambda: None)

    def receipt_email(self, receipt: Receipt) -> OutgoingMessage:
        lang = EMAIL_LANGUAGE
        link = f"{self.public_base_url}/receipt/{receipt.token}?lang={lang}"
        body = self.catalog.text(lang, "payment.email_body", total=formatting.money(receipt.total, lang),
                                 paid_at=formatting.moment(receipt.paid_at, lang),
                                 authorization=receipt.authorization_code, transaction=receipt.transaction_id,
                                 link=link)
        return OutgoingMessage(Channel.EMAIL, receipt.email, body,
                               subject=self.catalog.text(lang, "payment.email_subject"),
                               kind=RECEIPT_EMAIL_KIND, headers={"receipt_token": receipt.token})

    def confirmation_sms(self, payment: Payment, receipt: Receipt) -> OutgoingMessage | None:
        """The SMS the subscriber asked for, to the paid Mobile line's own number; else None."""
        if not payment.notify_msisdn:
            return None
        lang = payment.language if payment.language in self.catalog.languages else EMAIL_LANGUAGE
        # Plain spaces in fr/en keep the text in the GSM 7-bit alphabet (160 characters); Arabic is
        # UCS-2 anyway and shows the amount as the chat does, isolated, the currency after it.
        amount = formatting.money(receipt.total, lang) if lang == "ar" else sms_amount(receipt.total, lang)
        body = self.catalog.text(lang, "payment_sms.confirmation", amount=amount,
                                 authorization=formatting.isolate(receipt.authorization_code, lang))
        return OutgoingMessage(Channel.SMS, payment.notify_msisdn, body, kind=CONFIRMATION_SMS_KIND)

    async def receipt_ready(self, uow: UnitOfWork, payment: Payment, receipt: Receipt) -> None:
        await uow.outbox.put(self.receipt_email(receipt))
        sms = self.confirmation_sms(payment, receipt)
        if sms is not None:
            await uow.outbox.put(sms)
        if payment.conversation_key:
            await uow.outbox.put(chat_message(payment.conversation_key, PaymentEvent.APPROVED,
                                              event_payload(payment)))

    async def decline_recorded(self, uow: UnitOfWork, payment: Payment) -> None:
        if payment.conversation_key:
            payload = event_payload(payment, reason=decline_text_key(payment.return_code))
            await uow.outbox.put(chat_message(payment.conversation_key, PaymentEvent.DECLINED, payload))

    async def link_refusal_recorded(self, uow: UnitOfWork, payment: Payment, reason: str) -> None:
        if payment.conversation_key:
            payload = event_payload(payment, reason=f"payment.link_refused.{reason}")
            await uow.outbox.put(chat_message(payment.conversation_key, PaymentEvent.LINK_REFUSED, payload))

    async def payment_approved(self, payment: Payment, receipt: Receipt) -> None:
        self._wake()

    async def payment_declined(self, payment: Payment) -> None:
        self._wake()

    async def link_refused(self, payment: Payment, reason: str) -> None:
        self._wake()


class ReceiptAttachments:
    """The receipt PDF of a receipt email, rendered when the email is sent (the outbox stores no
    bytes): `await attachments(message)` -> [(filename, content, MIME type)] for SmtpMailer.send.
    The outbox dispatcher does not call it yet (see the report); it is ready for that one line."""

    def __init__(self, usecases: PaymentUseCases, render: Callable[[Receipt], bytes] = render_receipt_pdf) -> None:
        self.usecases, self.render = usecases, render

    async def __call__(self, message: OutgoingMessage) -> list[tuple[str, bytes, str]]:
        token = message.headers.get("receipt_token") if message.kind == RECEIPT_EMAIL_KIND else None
        receipt = await self.usecases.receipt(token) if token else None
        if receipt is None:
            return []
        return [(f"recu-{receipt.order_id}.pdf", self.render(receipt), "application/pdf")]


def payment_services(deps: PaymentWebDeps, uow_factory: UnitOfWorkFactory) -> PaymentServices:
    """The flows' services over the SAME use cases as the payment pages."""
    return PaymentServices.from_web_deps(deps, uow_factory, deps.settings.web.public_base_url,
                                         receipt_pdf=render_receipt_pdf)
