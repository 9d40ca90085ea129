"""The gateway's verdict reaches the chat through CHAT messages of the outbox: receipt and PDF,
a decline in plain words with a retry, a refused link with a new start; also after leaving the flow."""

import json

from conversations.messages import OutboundKind
from domain.errors import Refused
from domain.payment_usecases import GatewayResult, PaymentEvent
from domain.ports import Channel
from tests.payment_flows.journeys import give_email_and_accept, identify_mobile, link_of


async def at_link(world) -> tuple[str, str]:
    """The subscriber holds a link for the mobile demo line's 3 invoices: (token, order id)."""
    chat, mobile = world.chat, world.demo["mobile"]
    await identify_mobile(chat, mobile["msisdn"], mobile["code"])
    await give_email_and_accept(chat)
    await chat.tap("P")
    token = link_of(chat).split("/pay/")[1].split("?")[0]
    return token, token.split(".")[0]


async def verdict(world, token: str, code: str = "00") -> None:
    payment = await world.deps.usecases().open_link(token)
    await world.deps.usecases().settle(GatewayResult(
        payment.order_id, f"{payment.total:.2f}", code, transaction_id="T-778899",
        authorization_code="A4821" if code == "00" else "", masked_card="4111 11** **** 1111"))


async def test_an_approval_shows_the_receipt_and_its_pdf_in_the_chat_and_queues_the_email(world):
    token, order_id = await at_link(world)
    await verdict(world, token)
    [chat_message] = await world.outbox(Channel.CHAT)
    assert chat_message.kind == PaymentEvent.APPROVED and json.loads(chat_message.body)["order_id"] == order_id
    replies = (await world.deliver_chat_events())[world.chat.key]
    receipt = replies[0].text
    for part in ("Votre paiement a été effectué avec succès", "Numéro d'appel : 06", "imane.tazi@example.ma",
                 "Date de paiement : 21/11/2026", "N° d'autorisation : A4821", "Méthode de paiement : VISA",
                 "4111 11** **** 1111", "N° de transaction : T-778899", "contactez le 777",
                 "Num Facture — Période — Montant"):
        assert part in receipt
    assert receipt.count(" — 2026") == 0 and receipt.count("/2026 — ") == 3
    assert replies[0].choices[0][0].url.endswith("?lang=fr") and "/receipt/" in replies[0].choices[0][0].url
    [pdf] = [r for r in replies if r.kind is OutboundKind.DOCUMENT]
    assert pdf.cache_key == f"receipt:{order_id}" and pdf.content.startswith(b"%PDF")
    assert "Merci pour votre paiement" in "\n".join(r.text for r in replies)
    [email] = await world.outbox(Channel.EMAIL)
    assert email.recipient == "imane.tazi@example.ma" and "/receipt/" in email.body and "A4821" in email.body


async def test_a_decline_says_why_in_plain_words_and_a_retry_makes_a_new_attempt(world):
    token, order_id = await at_link(world)
    await verdict(world, token, code="51")
    replies = (await world.deliver_chat_events())[world.chat.key]
    world.chat.replies = replies
    assert "le solde de votre carte est insuffisant" in world.chat.text
    assert "Vos factures restent à payer" in world.chat.text
    await world.chat.tap("Réessayer le paiement")
    new_token = link_of(world.chat).split("/pay/")[1].split("?")[0]
    assert new_token.split(".")[0] != order_id


async def test_a_refused_link_offers_to_start_again_with_a_new_link(world):
    token, order_id = await at_link(world)
    await world.deps.usecases().open_link(token)
    try:
        await world.deps.usecases().open_link(token)
    except Refused as refused:
        assert refused.reason == "link_used"
    replies = (await world.deliver_chat_events())[world.chat.key]
    world.chat.replies = replies
    assert "déjà été utilisé" in world.chat.text and "Recommencer le paiement" in world.chat.labels
    await world.chat.tap("Recommencer le paiement")
    assert link_of(world.chat).split("/pay/")[1].split(".")[0] != order_id


async def test_an_expired_link_is_reported_in_the_chat(world):
    token, _ = await at_link(world)
    world.clock.advance(minutes=16)
    try:
        await world.deps.usecases().open_link(token)
    except Refused as refused:
        assert refused.reason == "link_expired"
    world.chat.replies = (await world.deliver_chat_events())[world.chat.key]
    assert "a expiré" in world.chat.text and "Recommencer le paiement" in world.chat.labels


async def test_after_leaving_the_flow_the_receipt_still_arrives_and_the_menu_stays(world):
    token, order_id = await at_link(world)
    await world.chat.say("/menu")
    await verdict(world, token)
    replies = (await world.deliver_chat_events())[world.chat.key]
    assert "Votre paiement a été effectué avec succès" in replies[0].text
    assert any(r.cache_key == f"receipt:{order_id}" for r in replies)
    assert "Payer une facture" in [c.label for r in replies for c in r.all_choices]


async def test_after_leaving_the_flow_a_decline_says_how_to_pay_again(world):
    token, _ = await at_link(world)
    await world.chat.say("/menu")
    await verdict(world, token, code="05")
    world.chat.replies = (await world.deliver_chat_events())[world.chat.key]
    assert "votre banque a refusé l'opération" in world.chat.text
    assert "« Payer une facture » dans le menu" in world.chat.text


async def test_a_late_decline_of_an_older_attempt_does_not_disturb_the_current_one(world):
    token, _ = await at_link(world)
    await verdict(world, token, code="51")
    world.chat.replies = (await world.deliver_chat_events())[world.chat.key]
    await world.chat.tap("Réessayer le paiement")
    current = link_of(world.chat)
    late = {"order_id": token.split(".")[0], "reason": "payment.decline.technical"}
    assert await world.chat.event(PaymentEvent.DECLINED.value, late) == []
    stored = await world.db.conversations.load(world.chat.key)
    assert stored.state == "link" and current.split("/pay/")[1].startswith(stored.data["form"]["order_id"])
