"""The outbox dispatcher on a real database (SQLite and PostgreSQL), with recording fake senders
and, for email, a real SMTP server (aiosmtpd)."""

import asyncio
from datetime import timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage

import aiosmtplib
import pytest
from aiosmtpd.controller import Controller

from bot.outbox import Backoff, OutboxDispatcher
from bot.sms import SmsGatewayError
from domain.ports import Channel, OutgoingMessage
from tests.sms.builders import NOW
from tests.support.databases import sqlite_database


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self):
        return self.now


class RecordingSms:
    """Accepts (and records) messages, or refuses while `down`."""

    def __init__(self, down: bool = False, delay: float = 0.0) -> None:
        self.sent: list[tuple[str, str]] = []
        self.down = down
        self.delay = delay

    async def send(self, to: str, text: str) -> None:
        await asyncio.sleep(self.delay)
        if self.down:
            raise SmsGatewayError("sendsms unreachable: ClientConnectorError")
        self.sent.append((to, text))


class SmtpMail:
    """A minimal MailSender over aiosmtplib, standing in for bot/mail.py's SmtpMailer."""

    def __init__(self, port: int) -> None:
        self.port = port

    async def send(self, to, subject, text, html=None, attachments=()):  # noqa: ANN001, ANN201
        message = EmailMessage()
        message["From"], message["To"], message["Subject"] = "no-reply@iam.ma", to, subject
        message.set_content(text)
        await aiosmtplib.send(message, hostname="127.0.0.1", port=self.port, timeout=5)


class Inbox:
    def __init__(self) -> None:
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: ANN001, ANN201, N802
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


async def put(db, channel=Channel.SMS, recipient="0612345678", body="Votre mot de passe : Xy7!pQ", subject=None):
    async with db.uow() as uow:
        message_id = await uow.outbox.put(OutgoingMessage(channel, recipient, body, subject=subject,
                                                          created_at=NOW, next_attempt_at=NOW))
        await uow.commit()
    return message_id


async def stored(db, clock_now):
    """Messages still due at `clock_now` (what a dispatcher would pick up)."""
    async with db.uow() as uow:
        return await uow.outbox.due(clock_now, 100)


async def test_a_queued_sms_is_sent_once_and_marked_sent(database):
    await put(database)
    sms = RecordingSms()
    clock = Clock()
    dispatcher = OutboxDispatcher(database.uow, sms, None, clock=clock)
    assert await dispatcher.run_once() == 1
    clock.now += timedelta(days=1)
    assert await dispatcher.run_once() == 0
    assert sms.sent == [("0612345678", "Votre mot de passe : Xy7!pQ")]
    assert await stored(database, clock.now) == []


async def test_a_gateway_outage_keeps_the_message_and_retries_with_growing_delays(database):
    await put(database)
    sms, clock = RecordingSms(down=True), Clock()
    dispatcher = OutboxDispatcher(database.uow, sms, None, clock=clock, backoff=Backoff(first=timedelta(seconds=10)))
    waits = []
    for _ in range(3):
        assert await dispatcher.run_once() == 0
        [kept] = await stored(database, clock.now + timedelta(hours=1))
        waits.append(kept.next_attempt_at - clock.now)
        clock.now = kept.next_attempt_at
    assert waits == [timedelta(seconds=10), timedelta(seconds=20), timedelta(seconds=40)]
    assert "SmsGatewayError" in kept.last_error
    sms.down = False
    assert await dispatcher.run_once() == 1 and len(sms.sent) == 1


async def test_two_dispatchers_at_once_send_each_message_exactly_once(database):
    for n in range(30):
        await put(database, body=f"message {n}")
    sms = RecordingSms(delay=0.001)
    dispatchers = [OutboxDispatcher(database.uow, sms, None, clock=Clock(), batch=7,
                                    claim_lock=lambda: database.conversations.lock("outbox:claim"))
                   for _ in range(2)]
    for _ in range(6):
        await asyncio.gather(*(d.run_once() for d in dispatchers))
    assert sorted(body for _, body in sms.sent) == sorted(f"message {n}" for n in range(30))


async def test_a_message_claimed_by_a_dispatcher_that_died_is_sent_after_its_lease(database):
    await put(database)
    clock = Clock()
    dead = OutboxDispatcher(database.uow, RecordingSms(), None, clock=clock, lease=timedelta(minutes=2))
    assert len(await dead.claim()) == 1  # ...and the process dies before sending
    sms = RecordingSms()
    restarted = OutboxDispatcher(database.uow, sms, None, clock=clock)
    assert await restarted.run_once() == 0
    clock.now += timedelta(minutes=2)
    assert await restarted.run_once() == 1 and len(sms.sent) == 1


async def test_the_loop_delivers_when_woken_and_stops_cleanly(tmp_path):
    async with sqlite_database(tmp_path) as db:
        sms = RecordingSms()
        dispatcher = OutboxDispatcher(db.uow, sms, None, poll_seconds=30)
        await dispatcher.start()
        await put(db)
        dispatcher.wake()
        for _ in range(100):
            if sms.sent:
                break
            await asyncio.sleep(0.02)
        await dispatcher.stop()
        assert len(sms.sent) == 1


async def test_an_email_goes_out_through_a_real_smtp_server_even_after_it_was_down(database, unused_tcp_port):
    await put(database, channel=Channel.EMAIL, recipient="amina@example.ma", subject="Votre reçu",
              body="Merci pour votre paiement.")
    clock = Clock()
    dispatcher = OutboxDispatcher(database.uow, None, SmtpMail(unused_tcp_port), clock=clock)
    assert await dispatcher.run_once() == 0  # nobody listens yet
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=unused_tcp_port)
    controller.start()
    try:
        clock.now += timedelta(minutes=1)
        assert await dispatcher.run_once() == 1
    finally:
        controller.stop()
    [mail] = inbox.messages
    assert mail["To"] == "amina@example.ma" and mail["Subject"] == "Votre reçu"
    assert mail.get_content().strip() == "Merci pour votre paiement."


async def test_emails_without_a_mail_sender_wait_and_do_not_starve_the_sms(database):
    for n in range(5):
        await put(database, channel=Channel.EMAIL, recipient="amina@example.ma", subject="x", body=f"mail {n}")
    await put(database, body="the sms")
    sms, clock = RecordingSms(), Clock()
    dispatcher = OutboxDispatcher(database.uow, sms, None, clock=clock, batch=3)
    for _ in range(3):
        await dispatcher.run_once()
    assert sms.sent == [("0612345678", "the sms")]
    kept = await stored(database, clock.now + timedelta(hours=1))
    assert sorted(m.body for m in kept) == [f"mail {n}" for n in range(5)]


@pytest.fixture
def unused_tcp_port():
    from bot.sms.kannel import free_port
    return free_port()
