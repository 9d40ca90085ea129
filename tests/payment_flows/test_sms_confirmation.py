"""The payment confirmation by SMS: offered once after the email, on a Mobile line only, to the
line's own number; the answer is recorded on the payment; an approval queues that one SMS."""

from domain.payment_usecases import GatewayResult
from domain.ports import Channel
from tests.payment_flows.journeys import EMAIL, SMS_QUESTION, identify_mobile, link_of, open_payment
from tests.payment_flows.test_from_efacture import logged_in


async def email_twice(chat) -> None:
    await chat.say(EMAIL)
    await chat.say(EMAIL)


async def pay_all(world, sms: str) -> str:
    """Mobile demo line, email, the SMS answer, conditions, all invoices: the order id."""
    chat, mobile = world.chat, world.demo["mobile"]
    await identify_mobile(chat, mobile["msisdn"], mobile["code"])
    await email_twice(chat)
    await chat.tap(sms)
    await chat.tap("J'accepte")
    await chat.tap("P")
    return link_of(chat).split("/pay/")[1].split(".")[0]


async def stored(world, order_id: str):
    async with world.db.uow() as uow:
        return await uow.payments.get(order_id)


async def approve(world, order_id: str, authorization: str = "A4821") -> None:
    payment = await stored(world, order_id)
    await world.deps.usecases().settle(GatewayResult(order_id, f"{payment.total:.2f}", "00", "T-1",
                                                     authorization, "4111 11** **** 1111"))


async def test_a_mobile_payer_is_asked_once_after_the_email_with_the_line_number_masked(world):
    chat, mobile = world.chat, world.demo["mobile"]
    await identify_mobile(chat, mobile["msisdn"], mobile["code"])
    await email_twice(chat)
    masked = f"06 •• •• {mobile['msisdn'][6:8]} {mobile['msisdn'][8:]}"
    assert f"{SMS_QUESTION} au {masked} ?" in chat.text and chat.labels[:2] == ["Oui", "Non"]
    await chat.say("0611111111")  # a typed number is no answer: the SMS only goes to the line
    assert "Oui ou Non" in chat.text and SMS_QUESTION in chat.text
    await chat.tap("Oui")
    assert "conditions générales d'utilisation" in chat.text and SMS_QUESTION not in chat.text


async def test_oui_records_the_line_number_and_the_language_on_the_payment(world):
    payment = await stored(world, await pay_all(world, "Oui"))
    assert (payment.notify_msisdn, payment.language) == (world.demo["mobile"]["msisdn"], "fr")


async def test_non_records_no_sms(world):
    payment = await stored(world, await pay_all(world, "Non"))
    assert payment.notify_msisdn is None


async def test_fixe_and_internet_payers_are_not_asked(world):
    for service, identifier in (("Fixe", world.demo["fixe"]["msisdn"]),
                                ("Internet", world.demo["internet"]["customer_number"])):
        chat = world.driver(f"console:{service}")
        await open_payment(chat)
        await chat.tap(service)
        await chat.say(identifier)
        await chat.say(world.demo[service.lower()]["code"])
        await email_twice(chat)
        assert "conditions générales d'utilisation" in chat.text and SMS_QUESTION not in chat.text


async def test_an_approved_payment_queues_exactly_one_sms_to_the_line_within_one_sms(world):
    order_id = await pay_all(world, "Oui")
    await approve(world, order_id)
    await approve(world, order_id)  # a repeated callback queues nothing more
    [sms] = await world.outbox(Channel.SMS)
    assert (sms.recipient, sms.kind) == (world.demo["mobile"]["msisdn"], "payment_confirmation")
    total = (await stored(world, order_id)).total
    assert f"{total:.2f}".replace(".", ",") + " DH" in sms.body
    assert "A4821" in sms.body and "777" in sms.body and len(sms.body) <= 160
    assert len(await world.outbox(Channel.EMAIL)) == 1 and len(await world.outbox(Channel.CHAT)) == 1


async def test_after_non_the_approval_queues_the_email_and_no_sms(world):
    await approve(world, await pay_all(world, "Non"))
    assert await world.outbox(Channel.SMS) == [] and len(await world.outbox(Channel.EMAIL)) == 1


async def test_a_mobile_e_facture_account_is_asked_and_its_line_gets_the_sms(world):
    await logged_in(world)
    await world.chat.tap("Payer mes factures")
    await world.chat.tap("P")
    assert SMS_QUESTION in world.chat.text
    await world.chat.tap("Oui")
    await world.chat.tap("J'accepte")
    order_id = link_of(world.chat).split("/pay/")[1].split(".")[0]
    await approve(world, order_id)
    [sms] = await world.outbox(Channel.SMS)
    assert sms.recipient == world.demo["mobile"]["msisdn"]


async def unpaid_numbers(world, name: str) -> list[str]:
    async with world.db.uow() as uow:
        line = await uow.lines.by_msisdn(world.demo[name]["msisdn"])
        return [i.number for i in await uow.invoices.unpaid_for_lines([line.id])]


async def test_the_use_case_keeps_only_the_paid_mobile_lines_own_number(world):
    usecases, mobile = world.deps.usecases(), world.demo["mobile"]["msisdn"]
    own, fixe = await unpaid_numbers(world, "mobile"), await unpaid_numbers(world, "fixe")
    cases = [(own, mobile, mobile), (own, "0611111111", None), (fixe, world.demo["fixe"]["msisdn"], None),
             (own[:1] + fixe[:1], mobile, None), (own, None, None)]
    for numbers, wanted, kept in cases:
        link = await usecases.start(numbers, EMAIL, sms_to=wanted)
        assert (await stored(world, link.order_id)).notify_msisdn == kept, (numbers, wanted)
