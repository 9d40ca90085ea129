"""The chat's "send my code fidélio by SMS" for a logged-in Mobile account: queued in the outbox."""

from datetime import timedelta

from bot.sms.texts import SmsCatalog
from domain.services import ServiceType
from domain.sms_keywords import CodeBySms, code_limit_key, send_own_code_by_sms
from tests.sms.builders import NOW, add_line, record_attempts

texts = SmsCatalog()


async def queued(db):  # noqa: ANN001
    async with db.uow() as uow:
        return await uow.outbox.due(NOW + timedelta(minutes=1))


async def test_a_mobile_account_gets_its_code_queued_to_its_own_line_in_its_language(database):
    mobile = await add_line(database, msisdn="0612345678", code="482913")
    result = await send_own_code_by_sms(database.uow, (mobile.id,), "ar", texts, NOW)
    assert result is CodeBySms.QUEUED
    [message] = await queued(database)
    assert (message.recipient, message.body) == ("0612345678", texts.render("sms.code", "ar", code="482913"))


async def test_an_account_without_an_active_mobile_line_gets_nothing_queued(database):
    fixe = await add_line(database, msisdn="0522123456", service=ServiceType.FIXE)
    assert await send_own_code_by_sms(database.uow, (fixe.id,), None, texts, NOW) is CodeBySms.NO_MOBILE_LINE
    assert await queued(database) == []


async def test_chat_requests_share_the_hourly_limit_of_the_code_keyword(database):
    mobile = await add_line(database, msisdn="0612345678")
    await record_attempts(database, code_limit_key("0612345678"), 5, at=NOW - timedelta(minutes=10))
    result = await send_own_code_by_sms(database.uow, (mobile.id,), None, texts, NOW)
    assert result is CodeBySms.TOO_MANY_REQUESTS
    assert await queued(database) == []
