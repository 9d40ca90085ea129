"""A Mobile subscriber pays 2 of its 3 unpaid invoices from the Telegram app, against the real bot:
the link button opens our payment page, which posts to the sandbox CMI gateway; the 3-D Secure card
is confirmed with code 123; the sandbox calls back; the outbox dispatcher started with the services
pushes the receipt (text and PDF) into the Telegram chat and mails it to a local SMTP server."""

import asyncio
from email import message_from_bytes, policy

import aiohttp
import pytest
from aiosmtpd.controller import Controller

from bot.telegram.emulator import EmulatorServer
from domain.clock import local_today, system_clock
from domain.invoices import InvoiceStatus
from tests.cmi.browser import only_form

from .journeys import demo_identity, document, expect, identify_mobile_and_accept, link_button, tap
from .real_stack import Ports, fast_world, free_port, open_stack, stack_settings

EMAIL = "imane.tazi@example.ma"
CARD = {"card_type": "MASTERCARD", "holder": "Imane Tazi", "pan": "5191 6301 0000 4896",
        "exp_month": "12", "exp_year": "2030", "cvv": "000"}


class Mailbox:
    def __init__(self) -> None:
        self.received: list = []

    async def handle_DATA(self, server, session, envelope):  # noqa: ANN001, ANN201, N802 - aiosmtpd's hook
        self.received.append(envelope)
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp():
    mailbox, port = Mailbox(), free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield mailbox, port
    finally:
        controller.stop()


async def submit(http: aiohttp.ClientSession, form, base: str, **changes: str) -> str:  # noqa: ANN001
    url = form.action if form.action.startswith("http") else base + form.action
    async with http.post(url, data={**form.fields, **changes}) as response:
        assert response.status == 200
        return await response.text()


async def pay_in_the_browser(link: str, web_url: str, gateway_url: str) -> str:
    """What the phone's browser does after the link button: our page, the gateway, 3-D Secure."""
    async with aiohttp.ClientSession() as http:
        async with http.get(link) as response:
            assert response.status == 200
            cmi_form = only_form(await response.text())
        card_page = await submit(http, cmi_form, gateway_url)
        code_page = await submit(http, only_form(card_page), gateway_url, **CARD)
        back_page = await submit(http, only_form(code_page), gateway_url, code="123")
        return await submit(http, only_form(back_page), web_url)


async def mail(mailbox: Mailbox, timeout: float = 10.0):  # noqa: ANN201
    async with asyncio.timeout(timeout):
        while not mailbox.received:
            await asyncio.sleep(0.05)
    [envelope] = mailbox.received
    return envelope, message_from_bytes(envelope.content, policy=policy.default)


@pytest.mark.parametrize("mode", ["polling", "webhook"])
async def test_a_mobile_subscriber_pays_two_of_three_invoices_and_gets_the_receipt_in_telegram_and_by_email(
        mode: str, emulator: EmulatorServer, demo_databases, smtp) -> None:
    mailbox, smtp_port = smtp
    fast_world(emulator)
    today = local_today(system_clock())
    ports = Ports.free()
    settings = stack_settings(await demo_databases.fresh_url(today), emulator, mode, ports, smtp_port=smtp_port)
    async with open_stack(settings) as stack:
        user = emulator.user(7101, "Imane", "fr")
        await identify_mobile_and_accept(user, demo_identity("mobile", today), EMAIL)
        invoices = [label for label in user.keyboards()[0] if label.startswith("☑")]
        assert len(invoices) == 3
        numbers = [label.split(" ")[1] for label in invoices]
        await tap(user, invoices[2])  # keep the two oldest
        await expect(user, "2 facture(s) sélectionnée(s)")
        [pay] = [label for label in user.keyboards()[0] if label.startswith("Payer ")]
        await tap(user, pay)
        await expect(user, "est prêt", "valable 15 minutes")
        ok_page = await pay_in_the_browser(link_button(user), stack.web_url, f"http://127.0.0.1:{ports.gateway}")
        assert "Votre paiement a été effectué avec succès" in ok_page

        [receipt] = [r for r in await expect(user, "Votre paiement a été effectué avec succès")
                     if "effectué avec succès" in (r.text or "")]
        assert numbers[0] in receipt.text and numbers[1] in receipt.text and numbers[2] not in receipt.text
        assert "5191 63" in receipt.text  # the masked card, never the whole number
        assert not any("0100004896" in (m.text or "").replace(" ", "") for m in user.visible())
        pdf = await document(user)
        assert pdf.message.document.content.startswith(b"%PDF")

        envelope, email = await mail(mailbox)
        assert envelope.rcpt_tos == [EMAIL] and "reçu" in email["Subject"]
        async with stack.services.database.uow() as uow:
            statuses = {invoice.number: invoice.status for invoice in await uow.invoices.many(numbers)}
    assert [statuses[n] for n in numbers] == [InvoiceStatus.PAID, InvoiceStatus.PAID, InvoiceStatus.UNPAID]
    assert emulator.world.unanswered_callback_queries() == []
