"""The account menu, Consulter mes factures (filters, PDF), Payer mes factures, Modifier mon profil."""

from datetime import date

from conversations.flow import Flow, Step
from conversations.messages import OutboundKind
from conversations.testing import ChatDriver
from tests.efacture.builders import an_account, an_invoice
from tests.efacture_flows.conftest import build_engine, code_in, last_message
from tests.efacture_flows.helpers import log_in, registered_and_logged_in

MAIN_MENU_FIRST = "Créer un compte e-facture"


async def test_the_list_shows_the_six_latest_invoices_with_every_column_and_status(chat, captchas, data):
    await registered_and_logged_in(chat, captchas, data)
    await chat.tap("Consulter mes factures")
    listing = chat.text
    assert listing.count("Facture n°") == 6
    assert "0000000000170011 — impayée" in listing and "0000000000170010 — en retard" in listing
    assert "0000000000170009 — payée" in listing and "0000000000170005" not in listing
    for column in ("N° client : 1716820", "N° d'appel : 06 12 34 56 78", "Échéance : 11/2026",
                   "Date limite de paiement : 15/12/2026", "Montant HT : 641,00\u00a0DH"):
        assert column in listing
    assert "0000000000990001" not in listing  # the family's other line is not in this account
    assert "Se déconnecter" in chat.labels


async def test_a_pdf_button_sends_that_invoice_with_a_cache_key(chat, captchas, data):
    await registered_and_logged_in(chat, captchas, data)
    await chat.tap("Consulter mes factures")
    await chat.tap("PDF facture 2")
    [pdf] = [r for r in chat.replies if r.kind is OutboundKind.DOCUMENT]
    assert pdf.content.startswith(b"%PDF") and pdf.filename == "facture-0000000000170010.pdf"
    assert pdf.cache_key == "invoice:0000000000170010:fr"


async def test_after_a_pdf_the_list_is_not_sent_again_but_its_buttons_are(chat, captchas, data):
    await registered_and_logged_in(chat, captchas, data)
    await chat.tap("Consulter mes factures")
    await chat.tap("PDF facture 2")
    assert "Voici la facture n° 0000000000170010" in chat.text and "Vos dernières factures" not in chat.text
    assert {"PDF facture 1", "PDF facture 6", "Retour"} <= set(chat.labels)
    await chat.tap("PDF facture 1")
    assert "Voici la facture n° 0000000000170011" in chat.text
    await chat.say("/help")  # anything else shows the whole list again
    assert "Vos dernières factures" in chat.text


async def test_another_customers_invoice_cannot_be_asked_for(chat, captchas, data):
    await registered_and_logged_in(chat, captchas, data)
    await chat.tap("Consulter mes factures")
    token = chat.find_choice("PDF facture 1").id.split("|")[0]
    await chat.press(f"{token}|pdf:0000000000880001")
    assert not [r for r in chat.replies if r.kind is OutboundKind.DOCUMENT]
    assert "n'est plus valable" in chat.text


async def test_filters_are_chosen_among_real_values_combine_and_clear(chat, captchas, data):
    await registered_and_logged_in(chat, captchas, data)
    await chat.tap("Consulter mes factures")
    await chat.tap("Filtrer : échéance")
    assert chat.labels == [f"{m:02d}/2026" for m in range(11, 3, -1)] + ["Tous", "Retour"]
    await chat.tap("04/2026")
    assert chat.text.count("Facture n°") == 1 and "Échéance : 04/2026" in chat.text
    assert "Filtres : Échéance : 04/2026" in chat.text
    assert "Filtrer : N° d'appel" not in chat.labels  # one line: nothing to choose
    await chat.tap("Effacer les filtres")
    assert chat.text.count("Facture n°") == 6 and "Filtres" not in chat.text


async def test_filters_that_match_nothing_together_say_so(chat, data):
    """Two contracts: the Internet line billed in October, the Fixe line (its own N° client) in
    September. One call number only: that filter would change nothing, it is not offered."""
    data.accounts[1] = an_account(1, login="duo.home", line_ids=(3, 4))
    for number, line, period, msisdn, customer in ((1, 3, date(2026, 10, 1), None, "7770001"),
                                                   (2, 4, date(2026, 9, 1), "0537000001", "7770002")):
        invoice = an_invoice(number, line, period, msisdn=msisdn, customer_number=customer)
        data.invoices[invoice.number] = invoice
    await log_in(chat, "duo.home", "Secret2026")
    await chat.tap("Consulter mes factures")
    assert chat.text.count("Facture n°") == 2 and "N° d'appel : —" in chat.text
    assert "Filtrer : N° d'appel" not in chat.labels
    await chat.tap("Filtrer : échéance")
    await chat.tap("10/2026")
    await chat.tap("Filtrer : N° client")
    await chat.tap("7770002")
    assert "Aucune facture ne correspond à ces filtres" in chat.text and "Effacer les filtres" in chat.labels


async def test_a_filter_value_the_account_does_not_have_is_refused(chat, captchas, data):
    await registered_and_logged_in(chat, captchas, data)
    await chat.tap("Consulter mes factures")
    await chat.tap("Filtrer : échéance")
    token = chat.find_choice("Tous").id.split("|")[0]
    await chat.press(f"{token}|2019-01-01")
    assert "n'est plus valable" in chat.text


async def test_payer_mes_factures_says_it_is_coming_without_the_payment_flow(chat, captchas, data):
    await registered_and_logged_in(chat, captchas, data)
    await chat.tap("Payer mes factures")
    assert "Vous avez 2 facture(s) à payer" in chat.text


async def test_payer_mes_factures_opens_the_payment_flow_with_the_unpaid_invoices(store, clock, services,
                                                                                 captchas, data):
    def show(ctx):
        from conversations.flow import Prompt
        return Prompt("paying " + ",".join(ctx.form["invoice_numbers"]))
    payment = Flow(name="payment_from_efacture", steps=[Step("start", prompt=show)])
    chat = ChatDriver(build_engine(store, clock, services, [payment]), key="test:pay")
    await chat.say("/start")
    await registered_and_logged_in(chat, captchas, data)
    await chat.tap("Payer mes factures")
    assert "paying 0000000000170011,0000000000170010" in chat.text


async def test_logging_out_closes_the_account_menu(chat, captchas, data):
    await registered_and_logged_in(chat, captchas, data)
    await chat.tap("Consulter mes factures")
    await chat.tap("Se déconnecter")
    assert "déconnecté" in chat.text and chat.labels[0] == MAIN_MENU_FIRST
    await chat.event("start_flow", {"flow": "invoices"})
    assert "connecter d'abord" in chat.text


async def test_the_login_can_be_changed_and_is_used_at_the_next_login(chat, captchas, data):
    await registered_and_logged_in(chat, captchas, data)
    await chat.tap("Modifier mon profil")
    await chat.tap("Le login")
    await chat.say("amina")
    assert "déjà votre login" in chat.text
    await chat.say("amina.b")
    assert "désormais amina.b" in chat.text and "Login : amina.b" in chat.text
    await chat.tap("Se déconnecter")
    await log_in(chat, "amina.b", "Jardin2027")
    assert "Bienvenue" in chat.text


async def test_the_email_changes_once_the_code_sent_to_the_new_address_is_typed(chat, captchas, data, store):
    await registered_and_logged_in(chat, captchas, data)
    await chat.tap("Modifier mon profil")
    await chat.tap("L'adresse e-mail")
    await chat.say("amina.new@gmail.com")
    code = code_in(last_message(data, "amina.new@gmail.com"))
    pending = (await store.load(chat.key)).data["form"]["pending"]
    assert set(pending) == {"new_email", "code_hash", "expires_at", "tries_left"}  # the hasher's hash only
    await chat.say("000000" if code != "000000" else "111111")
    assert "Il vous reste 2 essai(s)" in chat.text
    await chat.say(code)
    assert "désormais amina.new@gmail.com" in chat.text
    assert next(iter(data.accounts.values())).email == "amina.new@gmail.com"


async def test_three_wrong_codes_leave_the_email_unchanged(chat, captchas, data):
    await registered_and_logged_in(chat, captchas, data)
    await chat.tap("Modifier mon profil")
    await chat.tap("L'adresse e-mail")
    await chat.say("amina.new@gmail.com")
    code = code_in(last_message(data, "amina.new@gmail.com"))
    wrong = "000000" if code != "000000" else "111111"
    await chat.say(wrong)
    assert chat.replies[0].kind is OutboundKind.DELETE_USER_MESSAGE  # a code is a secret
    assert "Saisissez le code à 6 chiffres reçu à amina.new@gmail.com" in chat.text
    assert "vient d'être envoyé" not in chat.text  # no second code went out
    for _ in range(2):
        await chat.say(wrong)
    assert "Trop de codes erronés" in chat.text and "Adresse e-mail : amina@gmail.com" in chat.text


async def test_the_password_can_be_changed_from_the_profile(chat, captchas, data):
    await registered_and_logged_in(chat, captchas, data)
    await chat.tap("Modifier mon profil")
    await chat.tap("Le mot de passe")
    assert "mot de passe actuel" in chat.text
    for answer in ("Jardin2027", "Olivier2028", "Olivier2028"):
        await chat.say(answer)
    assert "bien été modifié" in chat.text
    await chat.tap("Se déconnecter")
    await log_in(chat, "amina", "Olivier2028")
    assert "Bienvenue" in chat.text
