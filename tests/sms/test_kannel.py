"""Through the real Kannel: fakesmsc (the phones) -> bearerbox -> smsbox -> our responder, and our
outbox -> sendsms -> bearerbox -> fakesmsc. One Kannel per run (conftest.py); ~1 s per MO because
fakesmsc polls its input once a second."""

import asyncio
from datetime import timedelta

import pytest
from aiohttp import web

from bot.outbox import OutboxDispatcher
from bot.sms import KannelSmsSender, SmsDeps, SmsRejected, add_sms_routes
from bot.sms.texts import SmsCatalog
from domain.clock import fixed_clock
from domain.ports import Channel, OutgoingMessage
from domain.sms_keywords import code_limit_key
from tests.sms.builders import NOW, SECRET, add_line, record_attempts
from tests.sms.conftest import decode
from tests.support.databases import sqlite_database

pytestmark = pytest.mark.kannel
texts = SmsCatalog()


class MovableClock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self):
        return self.now


@pytest.fixture
async def db(tmp_path):
    async with sqlite_database(tmp_path) as database:
        yield database


@pytest.fixture
async def responder(kannel, db):
    """Our aiohttp responder on the port Kannel's get-url points to, for this test."""
    app = web.Application()
    add_sms_routes(app, SmsDeps(uow_factory=db.uow, texts=texts, service_secret=SECRET, clock=fixed_clock(NOW)))
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", kannel.app_port).start()
    yield
    await runner.cleanup()


def sender_for(kannel, password: str | None = None) -> KannelSmsSender:
    return KannelSmsSender(kannel.config.sendsms_url, kannel.config.sendsms_username,
                           password or kannel.config.sendsms_password)


async def test_a_known_mobile_line_texting_code_gets_its_code_fidelio(kannel, db, responder):
    await add_line(db, msisdn="0612345678", code="482913")
    kannel.phone_sends("0612345678", " Code ")
    assert await kannel.received() == ("1117", "0612345678", "text",
                                       "Votre code fidélio est 482913. Ne le communiquez à personne. Maroc Telecom")


async def test_an_unknown_sender_gets_the_polite_refusal(kannel, db, responder):
    kannel.phone_sends("0699999999", "CODE")
    *_, payload = await kannel.received()
    assert payload == texts.render("sms.code_refused", "fr")


async def test_an_arabic_speaking_line_gets_its_reply_in_ucs2_arabic(kannel, db, responder):
    await add_line(db, msisdn="0612345678", code="482913", language="ar")
    kannel.phone_sends("0612345678", "code")
    _, _, kind, payload = await kannel.received()
    assert kind == "ucs-2"
    assert decode(kind, payload) == texts.render("sms.code", "ar", code="482913")


async def test_too_many_code_requests_get_the_rate_limit_reply(kannel, db, responder):
    await add_line(db, msisdn="0612345678")
    await record_attempts(db, code_limit_key("0612345678"), 5, at=NOW - timedelta(minutes=5))
    kannel.phone_sends("0612345678", "code")
    *_, payload = await kannel.received()
    assert payload == texts.render("sms.too_many_requests", "fr")


async def test_an_unknown_keyword_gets_the_list_of_keywords(kannel, db, responder):
    kannel.phone_sends("0612345678", "codes svp")
    *_, payload = await kannel.received()
    assert payload == texts.render("sms.unknown_keyword", "fr")


async def put_sms(db, body: str, recipient: str = "0612345678") -> int:
    async with db.uow() as uow:
        message_id = await uow.outbox.put(OutgoingMessage(Channel.SMS, recipient, body, kind="password",
                                                          created_at=NOW, next_attempt_at=NOW))
        await uow.commit()
    return message_id


async def test_a_queued_password_sms_reaches_the_phone_through_sendsms(kannel, db):
    await put_sms(db, "Votre mot de passe e-facture : Xy7!pQ2k")
    sms = sender_for(kannel)
    try:
        assert await OutboxDispatcher(db.uow, sms, None, clock=fixed_clock(NOW)).run_once() == 1
    finally:
        await sms.close()
    assert await kannel.received() == ("1117", "+212612345678", "text", "Votre mot de passe e-facture : Xy7!pQ2k")


async def test_sendsms_with_a_wrong_password_is_a_rejection_not_a_retryable_outage(kannel):
    sms = sender_for(kannel, password="wrong")
    try:
        with pytest.raises(SmsRejected):
            await sms.send("0612345678", "x")
    finally:
        await sms.close()


async def test_a_message_queued_while_kannel_is_down_is_delivered_once_after_restart(kannel, db):
    clock = MovableClock()
    sms = sender_for(kannel)
    dispatcher = OutboxDispatcher(db.uow, sms, None, clock=clock)
    try:
        await asyncio.to_thread(kannel.stop)
        await put_sms(db, "Paiement reçu : 769,20 DH. Merci.")
        assert await dispatcher.run_once() == 0  # Kannel is down: kept, retry scheduled
        await asyncio.to_thread(kannel.start)
        assert await dispatcher.run_once() == 0  # back-off not over yet
        clock.now += timedelta(minutes=1)
        assert await dispatcher.run_once() == 1
        clock.now += timedelta(hours=1)
        assert await dispatcher.run_once() == 0  # sent once, never again
    finally:
        await sms.close()
    _, to, kind, payload = await kannel.received()
    assert (to, decode(kind, payload)) == ("+212612345678", "Paiement reçu : 769,20 DH. Merci.")
