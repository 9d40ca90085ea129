from datetime import timedelta

import pytest
from sqlalchemy import insert, select
from sqlalchemy.exc import DBAPIError

from domain.efacture.delivery import TEMPORARY_PASSWORD_KIND
from domain.efacture.profile import EMAIL_CODE_KIND
from domain.ports import Channel, OutgoingMessage
from storage.repositories.messaging import REDACTED
from storage.tables import outbox
from tests.storage.builders import NOW


def a_message(**changes) -> OutgoingMessage:
    base = {"channel": Channel.EMAIL, "recipient": "amina@example.ma", "body": "Votre reçu",
            "subject": "Reçu de paiement", "kind": "receipt", "created_at": NOW,
            "headers": {"X-Order": "ORD-1"}}
    return OutgoingMessage(**{**base, **changes})


async def test_a_put_message_is_due_at_once_and_reads_back_with_its_headers(database):
    async with database.uow() as uow:
        message_id = await uow.outbox.put(a_message())
        due = await uow.outbox.due(NOW)
    assert [m.id for m in due] == [message_id]
    assert due[0].headers == {"X-Order": "ORD-1"} and due[0].attempts == 0 and due[0].body == "Votre reçu"


async def test_sent_messages_are_no_longer_due(database):
    async with database.uow() as uow:
        message_id = await uow.outbox.put(a_message())
        await uow.outbox.mark_sent(message_id, NOW)
        assert await uow.outbox.due(NOW + timedelta(days=1)) == []


async def test_a_failed_message_waits_until_its_retry_time_and_counts_attempts(database):
    async with database.uow() as uow:
        message_id = await uow.outbox.put(a_message(channel=Channel.SMS, recipient="+212612345678"))
        await uow.outbox.mark_failed(message_id, "connection refused", NOW + timedelta(minutes=5))
        assert await uow.outbox.due(NOW + timedelta(minutes=4)) == []
        [again] = await uow.outbox.due(NOW + timedelta(minutes=5))
    assert again.attempts == 1 and again.last_error == "connection refused"


async def test_due_respects_the_limit_and_serves_the_oldest_first(database):
    async with database.uow() as uow:
        later = await uow.outbox.put(a_message(created_at=NOW + timedelta(seconds=2)))
        earlier = await uow.outbox.put(a_message(created_at=NOW))
        await uow.outbox.put(a_message(created_at=NOW + timedelta(seconds=3)))
        due = await uow.outbox.due(NOW + timedelta(minutes=1), limit=2)
    assert [m.id for m in due] == [earlier, later]


async def test_attempts_are_counted_per_key_since_a_moment_and_can_be_cleared(database):
    async with database.uow() as uow:
        for minutes in (0, 10, 20):
            await uow.attempts.record("paycode:0612345678", NOW + timedelta(minutes=minutes))
        await uow.attempts.record("paycode:0699999999", NOW)
        assert await uow.attempts.count_since("paycode:0612345678", NOW + timedelta(minutes=10)) == 2
        await uow.attempts.clear("paycode:0612345678")
        assert await uow.attempts.count_since("paycode:0612345678", NOW) == 0
        assert await uow.attempts.count_since("paycode:0699999999", NOW) == 1


async def test_a_message_without_any_time_is_due_first_on_every_backend(database):
    async with database.uow() as uow:
        timed = await uow.outbox.put(a_message(created_at=NOW))
        untimed = await uow.outbox.put(a_message(created_at=None))
        due = await uow.outbox.due(NOW)
    assert [m.id for m in due] == [untimed, timed]


async def test_the_latest_attempt_of_a_key_is_its_newest_time_or_none(database):
    async with database.uow() as uow:
        assert await uow.attempts.latest("login:x") is None
        for minutes in (5, 0, 20):
            await uow.attempts.record("login:x", NOW + timedelta(minutes=minutes))
        await uow.attempts.record("login:y", NOW + timedelta(hours=1))
        assert await uow.attempts.latest("login:x") == NOW + timedelta(minutes=20)


@pytest.mark.parametrize("kind", [TEMPORARY_PASSWORD_KIND, EMAIL_CODE_KIND, "fidelio_code"])
async def test_a_message_carrying_a_secret_keeps_no_body_once_sent(database, kind):
    secret = a_message(kind=kind, body="Mot de passe provisoire : McPzYS8twY")
    async with database.uow() as uow:
        secret_id = await uow.outbox.put(secret)
        receipt_id = await uow.outbox.put(a_message())
        await uow.outbox.mark_sent(secret_id, NOW)
        await uow.outbox.mark_sent(receipt_id, NOW)
        await uow.commit()
    async with database.engine.connect() as connection:
        bodies = dict((await connection.execute(select(outbox.c.id, outbox.c.body))).all())
    assert bodies == {secret_id: REDACTED, receipt_id: "Votre reçu"}


async def test_a_secret_waiting_for_a_retry_keeps_its_body_until_sent(database):
    async with database.uow() as uow:
        message_id = await uow.outbox.put(a_message(kind=TEMPORARY_PASSWORD_KIND, body="code 123456"))
        await uow.outbox.mark_failed(message_id, "timeout", NOW)
        [again] = await uow.outbox.due(NOW)
    assert again.body == "code 123456"


async def test_a_database_error_does_not_carry_the_values_of_the_statement(database):
    async with database.uow() as uow:
        message_id = await uow.outbox.put(a_message())
        with pytest.raises(DBAPIError) as error:
            async with uow.connection.begin_nested():
                await uow.connection.execute(
                    insert(outbox).values(id=message_id, channel="SMS", recipient="x", kind="k",
                                          body="Mot de passe provisoire : McPzYS8twY", headers="{}",
                                          attempts=0))
    assert "McPzYS8twY" not in str(error.value) and "hidden" in str(error.value)
