"""Flow-independent end to end: our pages, the sandbox gateway over HTTP, a real database."""

import asyncio

from domain.invoices import InvoiceStatus
from tests.cmi.browser import only_form
from tests.payments.conftest import NUMBERS
from tests.payments.site import payment_site


async def submit(site, form, base: str, **changes: str):
    url = form.action if form.action.startswith("http") else base + form.action
    async with site.http.post(url, data={**form.fields, **changes}) as response:
        return response.status, await response.text()


async def test_paying_two_of_three_invoices_with_the_3d_secure_card_pays_exactly_those_two(db_with_invoices):
    db = db_with_invoices
    async with payment_site(db.uow) as site:
        link = await site.deps.usecases().start(NUMBERS[:2], "amina@example.ma", msisdn="0612345678")
        async with site.http.get(f"{site.base_url}{link.path}") as response:
            assert response.status == 200
            cmi_form = only_form(await response.text())
        assert cmi_form.action == site.gateway_url and cmi_form.fields["amount"] == "889.20"
        gateway_base = site.gateway_url.removesuffix("/fim/est3Dgate")
        status, page = await submit(site, cmi_form, gateway_base)
        assert status == 200
        status, page = await submit(site, only_form(page), gateway_base, card_type="MASTERCARD",
                                    holder="Amina Benali", pan="5191 6301 0000 4896", exp_month="12",
                                    exp_year="2030", cvv="000")
        status, page = await submit(site, only_form(page), gateway_base, code="123")
        back = only_form(page)
        assert back.action == f"{site.base_url}/pay/ok"
        status, ok_page = await submit(site, back, site.base_url)
        assert "Votre paiement a été effectué avec succès" in ok_page

        async with db.uow() as uow:
            invoices = {invoice.number: invoice for invoice in await uow.invoices.many(NUMBERS)}
        assert [invoices[n].status for n in NUMBERS] == [InvoiceStatus.PAID, InvoiceStatus.PAID,
                                                         InvoiceStatus.UNPAID]
        [receipt] = site.events.approved
        async with site.http.get(f"{site.base_url}/receipt/{receipt.token}") as response:
            printable = await response.text()
        assert response.status == 200 and receipt.authorization_code in printable
        assert "Num Facture : 0000171682062019 — Période : 01/08/2026" in printable
        assert "5191 63** **** 4896" in printable and "889,20\u00a0DH" in printable

        async with site.http.get(f"{site.base_url}{link.path}") as response:
            assert response.status == 410 and "déjà été effectué" in await response.text()


async def test_a_link_opened_twice_at_the_same_moment_lets_only_one_browser_through(db_with_invoices):
    async with payment_site(db_with_invoices.uow) as site:
        links = [await site.deps.usecases().start(NUMBERS[:1], "amina@example.ma") for _ in range(3)]

        async def status_of(path: str) -> int:
            async with site.http.get(f"{site.base_url}{path}") as response:
                return response.status

        statuses = await asyncio.gather(*(status_of(link.path) for link in links for _ in range(4)))
    assert sorted(statuses) == [200] * 3 + [410] * 9
    assert [reason for _, reason in site.events.refused] == ["link_used"] * 9
