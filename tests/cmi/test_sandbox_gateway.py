import asyncio
from datetime import UTC, datetime
from decimal import Decimal

import aiohttp
import pytest

from bot.cmi.hashing import compute_hash, verify
from bot.cmi.protocol import MerchantUrls, request_fields
from bot.cmi.sandbox import make_sandbox_app
from domain.clock import fixed_clock
from domain.payments import Payment
from tests.cmi.browser import only_form
from tests.cmi.servers import MerchantStandIn, serving

KEY = "sandbox|key\\é"
NOW = datetime(2026, 11, 21, 10, 0, tzinfo=UTC)
APPROVED_CARD, THREE_DS_CARD = "4000000000000010", "5191630100004896"


@pytest.fixture
async def merchant():
    stand_in = MerchantStandIn()
    async with serving(stand_in.app()) as url:
        stand_in.url = url
        yield stand_in


@pytest.fixture
async def gateway():
    async with serving(make_sandbox_app(KEY, clock=fixed_clock(NOW))) as url:
        async with aiohttp.ClientSession() as http:
            yield http, url


def payment_request(merchant_url: str, **overrides: str) -> dict[str, str]:
    payment = Payment("IAM20261121100000AB12CD34", ("0000171682062019",), Decimal("769.20"),
                      "client@example.ma", NOW, msisdn="0612345678", customer_number="1234567")
    urls = MerchantUrls(f"{merchant_url}/ok", f"{merchant_url}/fail", f"{merchant_url}/callback",
                        f"{merchant_url}/shop")
    fields = request_fields(payment, client_id="600000000", urls=urls, lang="fr", store_key=KEY)
    if overrides:
        fields = {**fields, **overrides}
        fields["HASH"] = compute_hash(fields, KEY)
    return fields


def card(form_fields: dict[str, str], pan: str, month: str = "12", year: str = "2030") -> dict[str, str]:
    return {**form_fields, "card_type": "VISA", "holder": "Hélène Ça", "pan": pan, "exp_month": month,
            "exp_year": year, "cvv": "000"}


async def open_card_form(gateway, fields):
    http, url = gateway
    async with http.post(f"{url}/fim/est3Dgate", data=fields) as response:
        assert response.status == 200
        return only_form(await response.text())


async def pay(gateway, merchant, pan: str, **card_fields: str):
    http, url = gateway
    form = await open_card_form(gateway, payment_request(merchant.url))
    async with http.post(f"{url}{form.action}", data=card(form.fields, pan, **card_fields)) as response:
        return response.status, await response.text()


async def test_the_gateway_shows_the_card_form_for_a_correctly_signed_request(gateway, merchant):
    form = await open_card_form(gateway, payment_request(merchant.url))
    assert form.action == "/fim/sandbox/card"
    assert {"card_type", "holder", "pan", "exp_month", "exp_year", "cvv"} <= set(form.fields)


async def test_the_card_page_cancel_button_goes_to_the_shop_url(gateway, merchant):
    http, url = gateway
    async with http.post(f"{url}/fim/est3Dgate", data=payment_request(merchant.url)) as response:
        assert f'href="{merchant.url}/shop"' in await response.text()


async def test_names_are_matched_case_insensitively(gateway, merchant):
    fields = payment_request(merchant.url)
    renamed = {("clientId" if k == "clientid" else "trantype" if k == "TranType" else k): v
               for k, v in fields.items()}
    renamed["HASH"] = compute_hash(renamed, KEY)
    assert (await open_card_form(gateway, renamed)).action == "/fim/sandbox/card"


@pytest.mark.parametrize("missing", ["clientid", "amount", "oid", "okUrl", "failUrl", "HASH", "callbackUrl"])
async def test_a_missing_required_field_is_answered_400_with_a_readable_page(gateway, merchant, missing):
    http, url = gateway
    fields = {k: v for k, v in payment_request(merchant.url).items() if k != missing}
    if missing != "HASH":
        fields["HASH"] = compute_hash(fields, KEY)
    async with http.post(f"{url}/fim/est3Dgate", data=fields) as response:
        assert response.status == 400
        assert f"manquant : {missing}" in await response.text()


@pytest.mark.parametrize("tamper", [{"amount": "1.00"}, {"HASH": "AAAA"}, {"extra": "posted but unsigned"}])
async def test_a_hash_that_does_not_verify_over_the_posted_fields_is_answered_400(gateway, merchant, tamper):
    http, url = gateway
    async with http.post(f"{url}/fim/est3Dgate", data={**payment_request(merchant.url), **tamper}) as response:
        assert response.status == 400 and "HASH invalide" in await response.text()
    assert merchant.callbacks == []


@pytest.mark.parametrize(("pan", "problem"), [("4000000000000011", "clé de contrôle"),
                                              ("400000000000001", "16 chiffres")])
async def test_a_card_number_failing_luhn_or_length_is_refused_with_the_form_again(gateway, merchant, pan,
                                                                                   problem):
    status, page = await pay(gateway, merchant, pan)
    assert status == 400 and problem in page and only_form(page).action == "/fim/sandbox/card"
    assert merchant.callbacks == []


@pytest.mark.parametrize(("pan", "code", "target"), [
    (APPROVED_CARD, "00", "/ok"), ("5453010000066100", "00", "/ok"), ("4000000000000051", "51", "/fail"),
    ("4000000000000002", "05", "/fail"), ("4000000000000549", "54", "/fail")])
async def test_each_test_card_gets_its_outcome_with_a_signed_callback_and_a_redirect(gateway, merchant, pan,
                                                                                     code, target):
    status, page = await pay(gateway, merchant, pan)
    [callback] = merchant.callbacks
    assert status == 200 and callback["ProcReturnCode"] == code and verify(callback, KEY)
    assert callback["ReturnOid"] == callback["oid"] and callback["amount"] == "769.20"
    redirect = only_form(page)
    assert redirect.action == f"{merchant.url}{target}" and redirect.fields["ProcReturnCode"] == code
    assert verify(redirect.fields, KEY)


async def test_an_expired_card_is_declined_54(gateway, merchant):
    await pay(gateway, merchant, APPROVED_CARD, month="10", year="26")
    assert [c["ProcReturnCode"] for c in merchant.callbacks] == ["54"]


@pytest.mark.parametrize(("code", "result", "md_status"), [("123", "00", "1"), ("999", "99", "0")])
async def test_the_3d_secure_card_asks_for_the_code_123(gateway, merchant, code, result, md_status):
    http, url = gateway
    status, page = await pay(gateway, merchant, THREE_DS_CARD)
    step = only_form(page)
    assert status == 200 and step.action == "/fim/sandbox/3ds" and merchant.callbacks == []
    async with http.post(f"{url}{step.action}", data={**step.fields, "code": code}) as response:
        redirect = only_form(await response.text())
    [callback] = merchant.callbacks
    assert (callback["ProcReturnCode"], callback["mdStatus"]) == (result, md_status)
    assert callback["maskedCreditCard"] == "5191 63** **** 4896"
    assert redirect.action.endswith("/ok" if result == "00" else "/fail")


async def test_callbacks_can_be_repeated_and_the_merchant_answers_are_recorded(merchant):
    async with serving(make_sandbox_app(KEY, callback_repeats=3, clock=fixed_clock(NOW))) as url:
        async with aiohttp.ClientSession() as http:
            await pay((http, url), merchant, APPROVED_CARD)
            async with http.get(f"{url}/fim/sandbox/callbacks") as response:
                log = await response.json()
    assert len(merchant.callbacks) == 3 and len({c["HASH"] for c in merchant.callbacks}) == 1
    assert [entry["meaning"] for entry in log] == ["captured"] * 3


async def test_a_finished_session_cannot_be_paid_twice(gateway, merchant):
    http, url = gateway
    form = await open_card_form(gateway, payment_request(merchant.url))
    async with http.post(f"{url}{form.action}", data=card(form.fields, APPROVED_CARD)) as response:
        assert response.status == 200
    async with http.post(f"{url}{form.action}", data=card(form.fields, APPROVED_CARD)) as response:
        assert response.status == 400
    assert len(merchant.callbacks) == 1


async def test_a_delayed_callback_arrives_after_the_browser_was_sent_back(merchant):
    async with serving(make_sandbox_app(KEY, callback_delay=0.2, clock=fixed_clock(NOW))) as url:
        async with aiohttp.ClientSession() as http:
            status, _ = await pay((http, url), merchant, APPROVED_CARD)
            assert status == 200 and merchant.callbacks == []
            for _ in range(50):
                if merchant.callbacks:
                    break
                await asyncio.sleep(0.05)
    assert [c["ProcReturnCode"] for c in merchant.callbacks] == ["00"]


async def test_an_order_id_already_approved_cannot_be_paid_again(gateway, merchant):
    http, url = gateway
    await pay(gateway, merchant, APPROVED_CARD)
    async with http.post(f"{url}/fim/est3Dgate", data=payment_request(merchant.url)) as response:
        assert response.status == 400 and "déjà été payée" in await response.text()
