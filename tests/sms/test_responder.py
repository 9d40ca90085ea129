"""The keyword responder over HTTP (aiohttp's test server) on a real database, both backends."""

import asyncio
import sqlite3
from datetime import date, timedelta

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from bot.sms import SmsDeps, add_sms_routes
from bot.sms.texts import SmsCatalog
from domain.clock import fixed_clock
from domain.services import LineStatus, ServiceType
from domain.sms_keywords import code_limit_key
from tests.sms.builders import NOW, SECRET, add_invoices, add_line, invoice, record_attempts
from tests.support.databases import sqlite_database

texts = SmsCatalog()


@pytest.fixture
async def client(database):
    app = web.Application()
    # SQLite goes through the synchronous fast path (sqlite_fast.py), PostgreSQL through the UoW.
    add_sms_routes(app, SmsDeps(uow_factory=database.uow, texts=texts, service_secret=SECRET,
                                clock=fixed_clock(NOW), sqlite_path=sqlite_file(database)))
    async with TestClient(TestServer(app)) as test_client:
        yield test_client


def sqlite_file(database) -> str | None:  # noqa: ANN001
    return database.url.database if database.backend == "sqlite" else None


async def sms(client, sender: str, text: str, secret: str = SECRET):
    response = await client.get("/sms/mo", params={"secret": secret, "sender": sender, "receiver": "1117",
                                                   "text": text, "keyword": text.split(" ")[0]})
    return response, await response.text()


async def test_an_active_mobile_line_gets_its_code_fidelio(client, database):
    await add_line(database, msisdn="0612345678", code="482913")
    response, body = await sms(client, "+212612345678", "code")
    assert response.status == 200
    assert body == "Votre code fidélio est 482913. Ne le communiquez à personne. Maroc Telecom"
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert "X-Kannel-Coding" not in response.headers


async def test_unknown_fixe_and_suspended_numbers_get_the_same_refusal_that_reveals_nothing(client, database):
    await add_line(database, msisdn="0522123456", service=ServiceType.FIXE, customer_number="1000002")
    await add_line(database, msisdn="0661000000", status=LineStatus.SUSPENDED, customer_number="1000003")
    replies = {(await sms(client, sender, "CODE"))[1] for sender in ("0699999999", "0522123456", "0661000000")}
    assert replies == {texts.render("sms.code_refused", "fr")}
    assert "482913" not in replies.pop()


async def test_facture_gives_the_ttc_amount_and_due_date_of_the_latest_unpaid_invoice(client, database):
    mobile = await add_line(database)
    await add_invoices(database,
                       invoice(mobile.id, "0000000000092026", date(2026, 9, 1), date(2026, 10, 15), "500.00"),
                       invoice(mobile.id, "0000000000102026", date(2026, 10, 1), date(2026, 11, 15), "641.00"))
    _, body = await sms(client, "0612345678", " Facturé ")
    assert "769,20 DH TTC" in body and "15/11/2026" in body


async def test_facture_without_unpaid_invoice_and_for_an_unknown_number_read_the_same(client, database):
    await add_line(database)
    _, known = await sms(client, "0612345678", "facture")
    _, unknown = await sms(client, "0677777777", "facture")
    assert known == unknown == texts.render("sms.invoice_none", "fr")


async def test_aide_help_and_any_other_text_list_the_keywords(client, database):
    _, body = await sms(client, "0612345678", "AIDE")
    assert body == texts.render("sms.help", "fr") and "CODE" in body and "FACTURE" in body
    # An English word from a number whose language is not known gets the English list.
    _, body = await sms(client, "0612345678", "help")
    assert body == texts.render("sms.help", "en") and "BILL" in body
    _, body = await sms(client, "0612345678", "codes svp")
    assert body == texts.render("sms.unknown_keyword", "fr")


async def test_an_arabic_speaking_subscriber_is_answered_in_arabic_with_the_ucs2_header(client, database):
    await add_line(database, language="ar", code="482913")
    response, body = await sms(client, "0612345678", "code")
    assert body == texts.render("sms.code", "ar", code="482913")
    assert response.headers["X-Kannel-Coding"] == "2"


async def test_the_sixth_code_request_within_an_hour_gets_a_clear_refusal(client, database):
    await add_line(database)
    await record_attempts(database, code_limit_key("0612345678"), 5, at=NOW - timedelta(minutes=30))
    _, body = await sms(client, "0612345678", "code")
    assert body == texts.render("sms.too_many_requests", "fr")


async def test_requests_older_than_the_window_do_not_count(client, database):
    await add_line(database, code="111222")
    await record_attempts(database, code_limit_key("0612345678"), 5, at=NOW - timedelta(hours=2))
    _, body = await sms(client, "0612345678", "code")
    assert "111222" in body


@pytest.mark.parametrize("secret", ["", "wrong", SECRET + "x"])
async def test_requests_without_the_gateway_secret_are_forbidden(client, database, secret):
    await add_line(database)
    response, body = await sms(client, "0612345678", "code", secret=secret)
    assert response.status == 403 and "482913" not in body


async def test_an_empty_configured_secret_refuses_everything(database):
    app = web.Application()
    add_sms_routes(app, SmsDeps(uow_factory=database.uow, texts=texts, service_secret=""))
    async with TestClient(TestServer(app)) as test_client:
        response, _ = await sms(test_client, "0612345678", "code", secret="")
    assert response.status == 403


async def test_a_broken_database_still_answers_a_polite_sms(database):
    def broken_uow():
        raise ConnectionError("database down")

    app = web.Application()
    add_sms_routes(app, SmsDeps(uow_factory=broken_uow, texts=texts, service_secret=SECRET))
    async with TestClient(TestServer(app)) as test_client:
        response, body = await sms(test_client, "0612345678", "code")
    assert response.status == 200 and body == texts.render("sms.unavailable", "fr")


async def test_on_sqlite_a_code_request_during_another_write_waits_its_turn_and_is_answered(tmp_path):
    async with sqlite_database(tmp_path) as db:
        await add_line(db, code="482913")
        app = web.Application()
        add_sms_routes(app, SmsDeps(uow_factory=db.uow, texts=texts, service_secret=SECRET,
                                    clock=fixed_clock(NOW), sqlite_path=db.url.database))
        writer = sqlite3.connect(db.url.database, isolation_level=None)
        writer.execute("BEGIN IMMEDIATE")
        async with TestClient(TestServer(app)) as test_client:
            request = asyncio.create_task(sms(test_client, "0612345678", "code"))
            await asyncio.sleep(0.3)
            assert not request.done()  # the fast path stepped aside; the regular one waits for the lock
            writer.rollback()
            writer.close()
            _, body = await request
        assert "482913" in body
