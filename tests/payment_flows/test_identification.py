"""Paying without an account: service, number, code (keypad for Mobile), up to the payment link."""

from conversations.messages import OutboundKind
from tests.payment_flows.conftest import BASE_URL
from tests.payment_flows.journeys import (
    compose,
    give_email_and_accept,
    identify_mobile,
    link_of,
    open_payment,
)

WRONG = "saisi ne correspond pas"  # "le code" (Fixe, Internet) or "le code fidélio" (Mobile)
BLOCKED = "bloqué pendant 15 minutes"


async def test_a_mobile_line_identified_with_its_code_fidelio_gets_a_link_for_its_three_unpaid_invoices(world):
    chat, mobile = world.chat, world.demo["mobile"]
    await open_payment(chat)
    # The order of Créer un compte: "1" is Mobile in both journeys
    assert "Quel service" in chat.text and chat.labels == ["Mobile", "Fixe", "Internet", "Annuler"]
    await chat.tap("Mobile")
    await chat.say(mobile["msisdn"])
    assert "1117" in chat.text and "« code »" in chat.text
    await compose(chat, mobile["code"])
    assert "adresse e-mail de notification" in chat.text
    await give_email_and_accept(chat)
    assert chat.labels[:3] == [label for label in chat.labels if label.startswith("☑")]
    assert "3 facture(s) sélectionnée(s)" in chat.text
    await chat.tap("P")
    assert link_of(chat).startswith(f"{BASE_URL}/pay/IAM") and link_of(chat).endswith("?lang=fr")
    assert "valable 15 minutes" in chat.text
    async with world.db.uow() as uow:
        payment = await uow.payments.get(link_of(chat).split("/pay/")[1].split(".")[0])
    assert payment.conversation_key == chat.key and payment.msisdn == mobile["msisdn"]
    assert len(payment.invoice_numbers) == 3 and payment.email == "imane.tazi@example.ma"


async def test_the_keypad_shows_dots_erases_and_never_keeps_the_digits_in_the_conversation(world):
    chat, mobile = world.chat, world.demo["mobile"]
    await open_payment(chat)
    await chat.tap("Mobile")
    await chat.say(mobile["msisdn"])
    assert "(aucun chiffre)" in chat.text
    assert [c.label for c in chat.choices] == ["1", "2", "3", "4", "5", "6", "7", "8", "9", "⌫", "0", "✔",
                                               "Annuler"]
    for digit in "9876":
        await chat.tap(digit)
    assert "Code fidélio : ••••" in chat.text and "9876" not in chat.text
    await chat.tap("⌫")
    assert "Code fidélio : •••\n" in chat.text
    stored = await world.db.conversations.load(chat.key)
    assert "987" not in str(stored.data) and stored.data["form"]["keypad"] == 3


async def test_the_keypad_refuses_a_typed_code_and_a_code_too_short(world):
    chat, mobile = world.chat, world.demo["mobile"]
    await open_payment(chat)
    await chat.tap("Mobile")
    await chat.say(mobile["msisdn"])
    await chat.say(mobile["code"])
    assert "avec les touches ci-dessous" in chat.text
    await chat.tap("1")
    await chat.tap("✔")
    assert "au moins 4 chiffres" in chat.text


async def test_a_fixe_line_is_identified_by_its_code_de_paiement_typed_in_a_secret_step(world):
    chat, fixe = world.chat, world.demo["fixe"]
    await open_payment(chat)
    await chat.tap("Fixe")
    await chat.say(fixe["msisdn"])
    assert "1re page, 5e ligne, à gauche" in chat.text and chat.replies[-1].secret_input
    await chat.say(fixe["code"])
    assert chat.replies[0].kind is OutboundKind.DELETE_USER_MESSAGE
    assert "adresse e-mail" in chat.text


async def test_an_internet_line_is_identified_by_its_numero_client_and_code(world):
    chat, internet = world.chat, world.demo["internet"]
    await open_payment(chat)
    await chat.tap("Internet")
    assert "N° client" in chat.text
    await chat.say(internet["customer_number"])
    await chat.say(internet["code"])
    await give_email_and_accept(chat)
    assert "1 facture(s) sélectionnée(s)" in chat.text


async def test_a_number_of_the_wrong_service_is_refused_before_any_code(world):
    chat = world.chat
    await open_payment(chat)
    await chat.tap("Fixe")
    await chat.say(world.demo["mobile"]["msisdn"])
    assert "commençant par 05" in chat.text


async def test_three_wrong_codes_block_the_number_for_15_minutes_even_with_the_right_code(world):
    chat, mobile = world.chat, world.demo["mobile"]
    await identify_mobile(chat, mobile["msisdn"], "1111")
    assert WRONG in chat.text and "2 essais" in chat.text and "numéro de téléphone mobile" in chat.text
    # the code fidélio is not printed on the invoice: the hint is the SMS to 1117
    assert "« code » par SMS au 1117" in chat.text and "facture" not in chat.texts[0]
    await chat.say(mobile["msisdn"])
    await compose(chat, "2222")
    assert "1 essai" in chat.text
    await chat.say(mobile["msisdn"])
    await compose(chat, "3333")
    assert BLOCKED in chat.text and "Payer une facture" in chat.labels  # back to the main menu
    await identify_mobile(chat, mobile["msisdn"], mobile["code"])
    assert BLOCKED in chat.text
    world.clock.advance(minutes=15, seconds=1)
    await identify_mobile(chat, mobile["msisdn"], mobile["code"])
    assert "adresse e-mail" in chat.text


async def test_an_unknown_number_gets_the_same_answers_as_a_wrong_code_and_is_blocked_the_same(world):
    known, unknown = world.driver("telegram:1"), world.driver("telegram:2")
    answers = {}
    for chat, msisdn in ((known, world.demo["mobile"]["msisdn"]), (unknown, "0699999999")):
        await identify_mobile(chat, msisdn, "1111")
        seen = [chat.text]
        for _ in range(2):
            await chat.say(msisdn)
            await compose(chat, "1111")
            seen.append(chat.text)
        await identify_mobile(chat, msisdn, "1111")
        answers[msisdn] = [*seen, chat.text]
    assert answers[world.demo["mobile"]["msisdn"]] == answers["0699999999"]
    assert WRONG in answers["0699999999"][0] and BLOCKED in answers["0699999999"][2]
    assert BLOCKED in answers["0699999999"][3]


async def test_a_line_with_nothing_unpaid_hears_it_only_once_the_code_is_right(world):
    chat, paid = world.chat, world.demo["paid_mobile"]
    await identify_mobile(chat, paid["msisdn"], "4444")
    assert WRONG in chat.text and "aucune facture" not in chat.text
    await chat.say(paid["msisdn"])
    await compose(chat, paid["code"])
    assert "aucune facture à payer" in chat.text and "Payer une facture" in chat.labels
