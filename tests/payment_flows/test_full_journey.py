"""The whole journey on real sockets: the chat identifies a Mobile line with its code fidélio on the
keypad and picks 2 of its 3 unpaid invoices; our payment page (aiohttp, add_payment_routes) posts to
the sandbox gateway; the card form is filled with the 3-D Secure card and code 123; the sandbox
calls back; the outbox dispatcher (bot/outbox.py) then hands the CHAT message to the engine
(bot.delivery.ChatEventSender) whose replies, receipt and PDF, reach the chat, and sends the email
with SmtpMailer to a local SMTP server (aiosmtpd)."""

from dataclasses import dataclass, field
from email import message_from_bytes, policy

import aiohttp
import pytest
from aiohttp import web
from aiosmtpd.controller import Controller

from bot.cmi.sandbox import make_sandbox_app
from bot.delivery import ChannelPushers, ChatEventSender
from bot.mail import SmtpMailer
from bot.net import free_port
from bot.outbox import OutboxDispatcher
from bot.web.payment_pages import add_payment_routes
from conversations.messages import OutboundKind
from domain.invoices import InvoiceStatus
from tests.cmi.browser import only_form
from tests.cmi.servers import serving
from tests.payment_flows.conftest import STORE_KEY, open_world
from tests.payment_flows.journeys import EMAIL, give_email_and_accept, identify_mobile, link_of

THREE_D_SECURE_CARD = {"card_type": "MASTERCARD", "holder": "Imane Tazi", "pan": "5191 6301 0000 4896",
                       "exp_month": "12", "exp_year": "2030", "cvv": "000"}


@dataclass
class Mailbox:
    received: list = field(default_factory=list)

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        self.received.append(envelope)
        return "250 Message accepted for delivery"


class Phone:
    """The chat channel's pusher: records what the subscriber's app would show."""

    def __init__(self) -> None:
        self.pushed: list = []

    async def push(self, key: str, messages: list) -> None:
        self.pushed.append((key, messages))


@pytest.fixture
def smtp():
    mailbox, port = Mailbox(), free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield mailbox, port
    finally:
        controller.stop()


async def submit(http: aiohttp.ClientSession, form, base: str, **changes: str) -> str:
    url = form.action if form.action.startswith("http") else base + form.action
    async with http.post(url, data={**form.fields, **changes}) as response:
        assert response.status == 200
        return await response.text()


async def pay_on_the_web(http: aiohttp.ClientSession, link: str, merchant: str, gateway: str) -> str:
    """What the subscriber's browser does after tapping the link button; returns the ok page."""
    async with http.get(link) as response:
        assert response.status == 200
        cmi_form = only_form(await response.text())
    assert cmi_form.action == f"{gateway}/fim/est3Dgate"
    card_page = await submit(http, cmi_form, gateway)
    code_page = await submit(http, only_form(card_page), gateway, **THREE_D_SECURE_CARD)
    back_page = await submit(http, only_form(code_page), gateway, code="123")
    return await submit(http, only_form(back_page), merchant)


async def test_a_mobile_subscriber_pays_two_of_three_invoices_and_gets_the_receipt_in_chat_and_by_email(
        demo_databases, tmp_path, smtp):
    mailbox, smtp_port = smtp
    merchant_port, gateway_port = free_port(), free_port()
    merchant, gateway = f"http://127.0.0.1:{merchant_port}", f"http://127.0.0.1:{gateway_port}"
    world = await open_world(demo_databases, tmp_path, base_url=merchant, gateway_url=f"{gateway}/fim/est3Dgate")
    app = web.Application()
    add_payment_routes(app, world.deps)
    try:
        async with serving(app, merchant_port), serving(make_sandbox_app(STORE_KEY), gateway_port), \
                aiohttp.ClientSession() as http:
            chat, mobile = world.chat, world.demo["mobile"]
            await identify_mobile(chat, mobile["msisdn"], mobile["code"])
            await give_email_and_accept(chat)
            numbers = [label.split(" ")[1] for label in chat.labels[:3]]
            await chat.tap(chat.labels[2])  # keep the two oldest
            await chat.tap("P")
            ok_page = await pay_on_the_web(http, link_of(chat), merchant, gateway)
            assert "Votre paiement a été effectué avec succès" in ok_page

            phone, pushers, mailer = Phone(), ChannelPushers(), SmtpMailer("127.0.0.1", smtp_port, "paiement@iam.ma")
            pushers.register("telegram", phone)
            dispatcher = OutboxDispatcher(world.db.uow, sms=None, mail=mailer, clock=world.clock,
                                          chat=ChatEventSender(world.engine, pushers, world.clock))
            assert await dispatcher.run_once() == 2  # the CHAT event and the email

            [(key, replies)] = phone.pushed
            receipt_text = replies[0].text
            assert key == chat.key and "Votre paiement a été effectué avec succès" in receipt_text and "5191 63" in receipt_text
            assert numbers[0] in receipt_text and numbers[1] in receipt_text and numbers[2] not in receipt_text
            [pdf] = [r for r in replies if r.kind is OutboundKind.DOCUMENT]
            assert pdf.content.startswith(b"%PDF") and pdf.cache_key.startswith("receipt:IAM")

            [envelope] = mailbox.received
            email = message_from_bytes(envelope.content, policy=policy.default)
            assert envelope.rcpt_tos == [EMAIL] and "reçu" in email["Subject"]
            body, link = email.get_body(("plain",)).get_content(), f"{merchant}/receipt/"
            async with http.get(body[body.index(link):].split()[0]) as response:
                assert response.status == 200 and numbers[0] in await response.text()

        async with world.db.uow() as uow:
            statuses = {invoice.number: invoice.status for invoice in await uow.invoices.many(numbers)}
        assert [statuses[n] for n in numbers] == [InvoiceStatus.PAID, InvoiceStatus.PAID, InvoiceStatus.UNPAID]
    finally:
        await world.db.close()
