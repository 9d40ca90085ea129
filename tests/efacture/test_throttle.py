"""Rate limits over the attempt log: tries per conversation and "is this login free?" checks."""

from datetime import timedelta

from domain.efacture.throttle import (
    LOGIN_CHECK_WINDOW,
    LOGIN_CHECKS_PER_CONVERSATION,
    LOGIN_CHECKS_PER_HOUR,
    take_attempt,
    take_login_check,
)
from tests.efacture.builders import NOW


async def test_a_conversation_gets_ten_login_checks_an_hour(uow):
    allowed = [await take_login_check(uow, "telegram:1", NOW) for _ in range(LOGIN_CHECKS_PER_CONVERSATION + 1)]
    assert allowed == [True] * LOGIN_CHECKS_PER_CONVERSATION + [False]
    assert await take_login_check(uow, "telegram:2", NOW)
    assert await take_login_check(uow, "telegram:1", NOW + LOGIN_CHECK_WINDOW + timedelta(seconds=1))


async def test_login_checks_are_limited_for_everybody_together(uow):
    for n in range(LOGIN_CHECKS_PER_HOUR):
        assert await take_login_check(uow, f"telegram:{n}", NOW)
    assert not await take_login_check(uow, "telegram:newcomer", NOW)
    assert await take_login_check(uow, "telegram:newcomer", NOW + LOGIN_CHECK_WINDOW + timedelta(seconds=1))


async def test_a_count_is_read_and_written_under_its_key_lock(uow):
    await take_attempt(uow, "efacture.login_conversation:telegram:1", NOW)
    assert uow.locked_keys == ["efacture.login_conversation:telegram:1"]
