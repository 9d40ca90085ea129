"""The email typed twice, the conditions (read, accepted, refused), the invoice selection and total."""

from decimal import Decimal

from conversations.formatting import money
from tests.payment_flows.journeys import EMAIL, give_email_and_accept, identify_mobile, link_of


async def unpaid_amounts(world, msisdn: str) -> list[Decimal]:
    async with world.db.uow() as uow:
        line = await uow.lines.by_msisdn(msisdn)
        invoices = await uow.invoices.unpaid_for_lines([line.id])
    return [i.amount_ttc for i in sorted(invoices, key=lambda i: i.period)]


async def at_selection(world):
    chat, mobile = world.chat, world.demo["mobile"]
    await identify_mobile(chat, mobile["msisdn"], mobile["code"])
    await give_email_and_accept(chat)
    return chat, await unpaid_amounts(world, mobile["msisdn"])


async def test_each_invoice_toggles_and_the_total_and_pay_button_follow(world):
    chat, amounts = await at_selection(world)
    assert f"Payer {money(sum(amounts))}" in chat.labels
    second = chat.labels[1]
    await chat.tap(second)
    assert chat.labels[1] == second.replace("☑", "☐", 1)
    kept = amounts[0] + amounts[2]
    assert f"2 facture(s) sélectionnée(s), total TTC : {money(kept)}" in chat.text
    assert chat.labels[-2:] == [f"Payer {money(kept)}", "Annuler"]
    await chat.tap(chat.labels[1])
    assert chat.labels[1] == second and chat.labels[-2] == f"Payer {money(sum(amounts))}"


async def test_with_nothing_selected_there_is_no_pay_button_and_typing_pay_does_not_go_on(world):
    chat, _ = await at_selection(world)
    for label in list(chat.labels[:3]):
        await chat.tap(chat.find_choice(label).label)
    assert "Aucune facture n'est sélectionnée" in chat.text
    assert not any(label.startswith("Payer") for label in chat.labels)
    await chat.say("P")
    assert "apparaît dès qu'au moins une facture est cochée" in chat.text and not any(c.url for c in chat.choices)
    assert "Annuler" in chat.labels  # a way out without paying
    await chat.tap("Annuler")
    assert "annulé" in chat.text and "Payer une facture" in chat.labels


async def test_the_selected_invoices_only_are_in_the_payment(world):
    chat, amounts = await at_selection(world)
    await chat.tap(chat.labels[0])
    await chat.tap("P")
    order_id = link_of(chat).split("/pay/")[1].split(".")[0]
    async with world.db.uow() as uow:
        payment = await uow.payments.get(order_id)
    assert payment.total == amounts[1] + amounts[2] and len(payment.invoice_numbers) == 2


async def test_two_different_emails_are_asked_again_and_a_bad_one_is_explained(world):
    chat, mobile = world.chat, world.demo["mobile"]
    await identify_mobile(chat, mobile["msisdn"], mobile["code"])
    await chat.say("pas-une-adresse")
    assert "ne semble pas valide" in chat.text
    await chat.say(EMAIL)
    await chat.say("autre@example.ma")
    assert "ne sont pas identiques" in chat.text and "Saisissez votre adresse e-mail" in chat.text
    await chat.say(EMAIL)
    await chat.say(EMAIL.upper().replace("EXAMPLE.MA", "example.ma"))
    assert "confirmation du paiement par SMS" in chat.text
    await chat.tap("Non")
    assert "conditions générales d'utilisation" in chat.text


async def test_the_conditions_and_the_09_08_notice_are_shown_on_request_then_accepted(world):
    chat, mobile = world.chat, world.demo["mobile"]
    await identify_mobile(chat, mobile["msisdn"], mobile["code"])
    await chat.say(EMAIL)
    await chat.say(EMAIL)
    await chat.tap("Non")
    await chat.tap("Lire les conditions")
    assert "loi 09-08" in chat.text and "CNDP" in chat.text and "J'accepte" in chat.labels
    await chat.tap("J'accepte")
    assert "facture(s) sélectionnée(s)" in chat.text


async def test_refusing_the_conditions_ends_politely_without_a_payment(world):
    chat, mobile = world.chat, world.demo["mobile"]
    await identify_mobile(chat, mobile["msisdn"], mobile["code"])
    await chat.say(EMAIL)
    await chat.say(EMAIL)
    await chat.tap("Non")
    await chat.tap("Je refuse")
    assert "n'avez pas accepté les conditions" in chat.text and "agence" in chat.text
    assert "Payer une facture" in chat.labels
    async with world.db.uow() as uow:
        line = await uow.lines.by_msisdn(mobile["msisdn"])
        numbers = [i.number for i in await uow.invoices.unpaid_for_lines([line.id])]
        assert len(numbers) == 3 and await uow.payments.pending_for_invoices(numbers) == []
