"""Card numbers never go through the chat: in every state of both payment flows a typed card
number is deleted before the flow sees it, and no prompt asks for card data."""

import re
from dataclasses import replace

import pytest

from conversations.flows.payment.from_efacture import FLOW as FROM_EFACTURE
from conversations.flows.payment.payment import FLOW as PAYMENT
from conversations.messages import OutboundKind

CARD = "4111 1111 1111 1111"
CARD_DATA = re.compile(r"numéro de (votre )?carte|cvv|cryptogramme|date d'expiration|code secret de", re.I)
STATES = [(flow.name, step.name) for flow in (PAYMENT, FROM_EFACTURE) for step in flow.steps if not step.final]


def full_form(state: str) -> dict:
    """A form with everything any prompt of the flows reads."""
    return {"service": "FIXE" if state == "code" else "MOBILE", "identifier": "0612345678",
            "payer": {"msisdn": "0612345678", "customer_number": None, "lines": [1]},
            "invoices": [{"n": "0000171682062019", "p": "2026-10-01", "a": "769.20", "s": True}],
            "email": "a@example.ma", "terms": True, "order_id": "IAM1", "total": "769.20",
            "link_url": "http://127.0.0.1:8080/pay/IAM1.x?lang=fr", "loaded": True, "keypad": 2}


async def put_in(world, flow: str, state: str) -> None:
    await world.chat.say("/start")
    stored = await world.db.conversations.load(world.chat.key)
    data = {**stored.data, "form": full_form(state)}
    await world.db.conversations.save(replace(stored, flow=flow, state=state, data=data, version=stored.version + 1),
                                      expected_version=stored.version)


@pytest.mark.parametrize(("flow", "state"), STATES)
async def test_a_card_number_typed_in_any_payment_state_is_deleted_and_changes_nothing(world, flow, state):
    await put_in(world, flow, state)
    replies = await world.chat.say(f"ma carte {CARD} exp 12/30")
    assert replies[0].kind is OutboundKind.DELETE_USER_MESSAGE
    assert "page de paiement sécurisée du CMI" in replies[1].text
    stored = await world.db.conversations.load(world.chat.key)
    assert (stored.flow, stored.state) == (flow, state)
    assert "4111" not in str(stored.data)
    assert not CARD_DATA.search("\n".join(r.text for r in replies[2:]))  # the prompt after the warning


def test_every_state_of_both_flows_is_covered():
    assert {s for _, s in STATES} >= {"service", "identifier", "code", "keypad", "email", "email_again", "terms",
                                      "selection", "link", "declined", "refused"}
