"""Our payment pages over HTTP, on the hand-written fakes (fast); the e2e test uses a real database."""

from dataclasses import replace
from html import unescape

import pytest

from bot.cmi.hashing import compute_hash, verify
from domain.invoices import InvoiceStatus
from tests.cmi.browser import only_form
from tests.payments.conftest import NUMBERS
from tests.payments.fakes import FakeUnitOfWork
from tests.payments.site import STORE_KEY, payment_site

REQUEST_FIELDS = {"clientid", "storetype", "TranType", "amount", "currency", "oid", "okUrl", "failUrl",
                  "callbackUrl", "shopurl", "lang", "rnd", "hashAlgorithm", "encoding", "BillToName", "email",
                  "tel", "BillToCountry", "refreshtime", "AutoRedirect", "CallbackResponse", "description",
                  "HASH"}


@pytest.fixture
async def site(store, clock):
    async with payment_site(lambda: FakeUnitOfWork(store), clock) as site:
        yield site


async def get(site, path: str) -> tuple[int, str]:
    async with site.http.get(f"{site.base_url}{path}") as response:
        return response.status, await response.text()


async def post(site, path: str, fields: dict[str, str]) -> tuple[int, str]:
    async with site.http.post(f"{site.base_url}{path}", data=fields) as response:
        return response.status, await response.text()


async def test_the_link_page_auto_posts_every_cmi_field_signed_with_the_store_key(site):
    link = await site.deps.usecases().start(NUMBERS[:2], "amina@example.ma", customer_number="1234567")
    status, page = await get(site, link.path)
    form = only_form(page)
    assert status == 200 and "submit()" in unescape(page) and form.action == site.gateway_url
    assert set(form.fields) == REQUEST_FIELDS and verify(form.fields, STORE_KEY)
    assert (form.fields["amount"], form.fields["oid"], form.fields["currency"]) == ("889.20", link.order_id, "504")
    assert (form.fields["storetype"], form.fields["TranType"], form.fields["hashAlgorithm"]) == (
        "3D_PAY_HOSTING", "PreAuth", "ver3")
    assert form.fields["callbackUrl"] == f"{site.base_url}/cmi/callback"
    assert form.fields["okUrl"] == f"{site.base_url}/pay/ok" and form.fields["failUrl"] == f"{site.base_url}/pay/fail"


async def test_the_link_page_speaks_arabic_when_asked(site):
    link = await site.deps.usecases().start(NUMBERS[:1], "amina@example.ma")
    status, page = await get(site, f"{link.path}?lang=ar")
    assert status == 200 and 'dir="rtl"' in unescape(page) and only_form(page).fields["lang"] == "ar"


async def test_a_second_visit_of_the_link_is_refused_with_a_readable_french_page(site):
    link = await site.deps.usecases().start(NUMBERS[:1], "amina@example.ma")
    await get(site, link.path)
    status, page = await get(site, link.path)
    assert status == 410 and "déjà été utilisé" in unescape(page) and "Retournez dans la conversation" in unescape(page)


async def test_link_previews_of_chat_apps_and_head_requests_do_not_use_up_the_link(site):
    link = await site.deps.usecases().start(NUMBERS[:1], "amina@example.ma")
    async with site.http.get(f"{site.base_url}{link.path}",
                             headers={"User-Agent": "TelegramBot (like TwitterBot)"}) as response:
        assert response.status == 200 and "<form" not in await response.text()
    async with site.http.head(f"{site.base_url}{link.path}") as response:
        assert response.status == 405
    status, page = await get(site, link.path)
    assert status == 200 and only_form(page).action == site.gateway_url


async def test_an_expired_link_is_refused_and_the_bot_is_asked_to_offer_a_new_start(site, clock):
    link = await site.deps.usecases().start(NUMBERS[:1], "amina@example.ma")
    clock.advance(minutes=16)
    status, page = await get(site, link.path)
    assert status == 410 and "expiré" in unescape(page) and site.events.refused == [(link.order_id, "link_expired")]


async def test_the_link_is_refused_when_an_invoice_got_paid_meanwhile(site, store):
    link = await site.deps.usecases().start(NUMBERS[:2], "amina@example.ma")
    store.invoices[NUMBERS[0]] = replace(store.invoices[NUMBERS[0]], status=InvoiceStatus.PAID)
    status, page = await get(site, link.path)
    assert status == 409 and "réglée entre-temps" in unescape(page)
    assert site.events.refused == [(link.order_id, "invoice_already_paid")]


async def test_an_unknown_link_is_refused(site):
    status, page = await get(site, "/pay/IAM123.notasignature")
    assert status == 404 and "n'est pas valable" in unescape(page)


def browser_return(order_id: str, code: str, amount: str = "769.20") -> dict[str, str]:
    fields = {"oid": order_id, "amount": amount, "ProcReturnCode": code, "lang": "fr", "AuthCode": "P12345",
              "TransId": "263250001", "maskedCreditCard": "4000 00** **** 0010"}
    return {**fields, "HASH": compute_hash(fields, STORE_KEY)}


async def test_the_ok_page_trusts_the_stored_state_not_the_browser(site, store):
    link = await site.deps.usecases().start(NUMBERS[:1], "amina@example.ma")
    status, page = await post(site, "/pay/ok", browser_return(link.order_id, "00"))
    assert status == 200 and "en cours de confirmation" in unescape(page) and "/receipt/" not in unescape(page)
    assert store.invoices[NUMBERS[0]].status is InvoiceStatus.UNPAID


async def test_the_fail_page_explains_a_stored_decline_in_plain_words(site):
    link = await site.deps.usecases().start(NUMBERS[:1], "amina@example.ma")
    await post(site, "/cmi/callback", browser_return(link.order_id, "51"))
    status, page = await post(site, "/pay/fail", browser_return(link.order_id, "51"))
    assert status == 200 and "le solde de votre carte est insuffisant" in unescape(page)


async def test_the_ok_page_links_the_receipt_once_the_callback_settled(site):
    link = await site.deps.usecases().start(NUMBERS[:1], "amina@example.ma")
    assert (await post(site, "/cmi/callback", browser_return(link.order_id, "00")))[1] == "ACTION=POSTAUTH"
    _, page = await post(site, "/pay/ok", browser_return(link.order_id, "00"))
    [receipt] = site.events.approved
    assert f"/receipt/{receipt.token}" in unescape(page)


async def test_a_forged_browser_return_shows_nothing_about_the_payment(site):
    link = await site.deps.usecases().start(NUMBERS[:1], "amina@example.ma")
    await post(site, "/cmi/callback", browser_return(link.order_id, "00"))
    _, page = await post(site, "/pay/ok", {**browser_return(link.order_id, "00"), "HASH": "forged"})
    assert "/receipt/" not in unescape(page)


async def test_the_receipt_page_shows_the_guide_wording_and_unknown_tokens_get_404(site):
    link = await site.deps.usecases().start(NUMBERS[:2], "amina@example.ma", msisdn="0612345678")
    await post(site, "/cmi/callback", browser_return(link.order_id, "00", "889.20"))
    [receipt] = site.events.approved
    status, page = await get(site, f"/receipt/{receipt.token}")
    for text in ("Votre paiement a été effectué avec succès", "Numéro d'appel", "06 12 34 56 78",
                 "amina@example.ma", "Date de paiement", "N° d'autorisation", "P12345", "263250001", "Méthode de paiement",
                 "VISA", "4000 00** **** 0010", "889,20\u00a0DH", "N° de transaction",
                 "Num Facture : 0000171682062020 — Période : 01/09/2026", "contactez le 777"):
        assert text in unescape(page), text
    assert (await get(site, "/receipt/not-a-token"))[0] == 404


async def test_the_cancel_page_tells_nothing_was_charged(site):
    status, page = await get(site, "/pay/cancelled")
    assert status == 200 and "Aucun montant" in unescape(page)


async def test_the_receipt_can_be_shown_in_arabic(site):
    link = await site.deps.usecases().start(NUMBERS[:1], "amina@example.ma")
    await post(site, "/cmi/callback", browser_return(link.order_id, "00"))
    [receipt] = site.events.approved
    status, page = await get(site, f"/receipt/{receipt.token}?lang=ar")
    assert status == 200 and 'dir="rtl"' in page and "رقم الترخيص" in page and "\u2066769,20\u2069\u00a0درهم" in page


async def test_the_ok_page_looks_up_the_signed_oid_when_the_browser_return_was_re_encoded(site):
    link = await site.deps.usecases().start(NUMBERS[:1], "amina@example.ma")
    await post(site, "/cmi/callback", browser_return(link.order_id, "00"))
    fields = browser_return(link.order_id, "00")
    _, page = await post(site, "/pay/ok", {**fields, "oid": fields["oid"] + "\n"})  # same HASH, lenient form
    [receipt] = site.events.approved
    assert f"/receipt/{receipt.token}" in unescape(page)
