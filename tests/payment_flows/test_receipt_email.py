"""The receipt email queued with the settlement: French text with the receipt link, and its PDF,
rendered at send time by bot.payment_events.ReceiptAttachments (the outbox stores no bytes)."""

from bot.payment_events import RECEIPT_EMAIL_KIND, ReceiptAttachments
from domain.ports import Channel, OutgoingMessage
from tests.payment_flows.conftest import BASE_URL
from tests.payment_flows.test_payment_events import at_link, verdict


async def test_the_receipt_email_links_the_receipt_page_and_its_pdf_can_be_attached(world):
    token, order_id = await at_link(world)
    await verdict(world, token)
    [email] = await world.outbox(Channel.EMAIL)
    assert email.kind == RECEIPT_EMAIL_KIND and email.subject == "Votre reçu de paiement Maroc Telecom"
    assert f"{BASE_URL}/receipt/{email.headers['receipt_token']}?lang=fr" in email.body
    assert "450,47\u00a0DH" in email.body and "A4821" in email.body and "777" in email.body
    [(filename, content, mime)] = await ReceiptAttachments(world.deps.usecases())(email)
    assert filename == f"recu-{order_id}.pdf" and content.startswith(b"%PDF") and mime == "application/pdf"


async def test_other_emails_get_no_attachment(world):
    other = OutgoingMessage(Channel.EMAIL, "a@example.ma", "body", kind="efacture.email_change_code",
                            headers={"receipt_token": "x"})
    assert await ReceiptAttachments(world.deps.usecases())(other) == []
