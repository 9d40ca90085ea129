"""Paying from e-facture: the account menu's "Payer mes factures" goes straight to the selection,
with the email on file; the conditions are asked once per session."""

from dataclasses import replace

from domain.accounts import Account
from domain.services import ServiceType
from tests.payment_flows.conftest import NOW
from tests.payment_flows.journeys import link_of

ON_FILE = "imane@example.ma"


async def logged_in(world, email: str | None = ON_FILE) -> list[str]:
    """An account over the mobile demo line, logged in, at the account menu; its unpaid numbers."""
    async with world.db.uow() as uow:
        line = await uow.lines.by_msisdn(world.demo["mobile"]["msisdn"])
        account = await uow.accounts.add(Account(None, "imane.tazi", "not-a-hash", ServiceType.MOBILE, (line.id,),
                                                 email, False, NOW))
        numbers = [i.number for i in await uow.invoices.unpaid_for_lines([line.id])]
        await uow.commit()
    await world.chat.say("/start")
    stored = await world.db.conversations.load(world.chat.key)
    session = {"efacture": {"account": account.id, "login": "imane.tazi", "must_change": False}}
    await world.db.conversations.save(replace(stored, flow="account_menu", state="main", version=stored.version + 1,
                                              data={**stored.data, "session": session}),
                                      expected_version=stored.version)
    await world.chat.say("/menu")
    await world.chat.event("start_flow", {"flow": "account_menu"})
    return numbers


async def test_payer_from_the_account_menu_shows_the_selection_at_once_then_the_conditions_once(world):
    await logged_in(world)
    await world.chat.tap("Payer mes factures")
    assert "3 facture(s) sélectionnée(s)" in world.chat.text
    await world.chat.tap(world.chat.labels[0])
    await world.chat.tap("P")
    assert "par SMS au 06 •• ••" in world.chat.text  # the SMS question, once per payment
    await world.chat.tap("Non")
    assert "conditions générales d'utilisation" in world.chat.text
    await world.chat.tap("J'accepte")
    order_id = link_of(world.chat).split("/pay/")[1].split(".")[0]
    async with world.db.uow() as uow:
        payment = await uow.payments.get(order_id)
    assert payment.email == ON_FILE and len(payment.invoice_numbers) == 2
    await world.chat.say("/menu")
    await world.chat.event("start_flow", {"flow": "account_menu"})
    await world.chat.tap("Payer mes factures")
    await world.chat.tap("P")
    await world.chat.tap("Non")
    assert link_of(world.chat)  # accepted once: no conditions again


async def test_retour_on_the_selection_goes_back_to_the_account_menu(world):
    await logged_in(world)
    await world.chat.tap("Payer mes factures")
    await world.chat.tap(world.chat.labels[0])
    assert world.chat.labels[-1] == "Retour"
    await world.chat.say("Retour")  # typed as well as tapped
    assert "Votre compte e-facture (imane.tazi)" in world.chat.text
    await world.chat.tap("Payer mes factures")
    await world.chat.tap("Retour")
    assert "Votre compte e-facture (imane.tazi)" in world.chat.text
    assert "Consulter mes factures" in world.chat.labels


async def test_an_account_without_email_is_asked_for_one_before_the_link(world):
    await logged_in(world, email=None)
    await world.chat.tap("Payer mes factures")
    await world.chat.tap("P")
    assert "adresse e-mail de notification" in world.chat.text
    await world.chat.say("autre@example.ma")
    await world.chat.say("autre@example.ma")
    await world.chat.tap("Non")
    await world.chat.tap("J'accepte")
    assert link_of(world.chat)


async def test_invoice_numbers_of_someone_else_are_never_offered(world):
    await logged_in(world)
    async with world.db.uow() as uow:
        other = await uow.lines.by_msisdn(world.demo["fixe"]["msisdn"])
        strangers = [i.number for i in await uow.invoices.unpaid_for_lines([other.id])]
    # Only code could start the flow with such a form; the account's own lines filter it anyway.
    await world.chat.event("start_flow", {"flow": "menu"})
    stored = await world.db.conversations.load(world.chat.key)
    await world.db.conversations.save(replace(stored, flow="payment_from_efacture", state="selection",
                                              data={**stored.data, "form": {"invoice_numbers": strangers}},
                                              version=stored.version + 1), expected_version=stored.version)
    await world.chat.say("1")
    assert strangers and "Aucune de ces factures" in world.chat.text
    assert not any(label.startswith("Payer") for label in world.chat.labels)
    assert "/menu" not in world.chat.texts[-1].split("\n")[0]  # a button, not only a command to type
    await world.chat.tap("Retour")
    assert "Votre compte e-facture (imane.tazi)" in world.chat.text
