"""The password change as a conversation asks it: current password, new one, then the change."""

import pytest

from domain.efacture import login_failures
from domain.efacture.errors import InvalidField
from domain.efacture.passwords import check_replacement, replace_password, verify_current_password
from domain.errors import Refused
from tests.efacture.builders import NOW, an_account


async def test_a_wrong_current_password_is_named_and_the_fifth_locks_the_account(uow, hasher):
    await uow.accounts.add(an_account())
    for _ in range(4):
        with pytest.raises(InvalidField) as refused:
            await verify_current_password(uow, hasher, 1, "nope", NOW)
        assert refused.value.reason == "old_password_wrong"
    with pytest.raises(Refused) as refused:
        await verify_current_password(uow, hasher, 1, "nope", NOW)
    assert refused.value.reason == "locked"
    assert await login_failures.locked_until(uow, "amina", NOW) is not None


async def test_the_right_current_password_passes_without_changing_anything(uow, hasher):
    await uow.accounts.add(an_account())
    await verify_current_password(uow, hasher, 1, "Secret2026", NOW)
    assert uow.data.accounts[1].password_hash == "fake:v1:Secret2026"


@pytest.mark.parametrize("new, reason", [("short1", "password_too_short"), ("Secret2026", "password_same_as_old"),
                                         ("Amina12345", "password_same_as_login")])
async def test_a_new_password_is_checked_against_the_policy_and_the_stored_hash(uow, hasher, new, reason):
    await uow.accounts.add(an_account(login="amina12345"))
    with pytest.raises(InvalidField) as refused:
        await check_replacement(uow, hasher, 1, new)
    assert refused.value.reason == reason


async def test_replacing_the_password_ends_the_forced_change(uow, hasher):
    await uow.accounts.add(an_account(must_change_password=True, temporary_password_expires_at=NOW))
    changed = await replace_password(uow, hasher, 1, "Jardin2027", NOW)
    assert not changed.must_change_password and changed.temporary_password_expires_at is None
    assert hasher.verify(uow.data.accounts[1].password_hash, "Jardin2027")


async def test_a_conversation_gets_ten_log_in_tries_per_quarter_of_an_hour(uow):
    from datetime import timedelta

    from domain.efacture.throttle import login_attempt_key, take_attempt
    key = login_attempt_key("telegram:1")
    assert [await take_attempt(uow, key, NOW) for _ in range(11)] == [True] * 10 + [False]
    assert await take_attempt(uow, login_attempt_key("telegram:2"), NOW)
    assert await take_attempt(uow, key, NOW + timedelta(minutes=15, seconds=1))
