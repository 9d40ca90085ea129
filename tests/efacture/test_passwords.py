from datetime import timedelta

import pytest

from domain.accounts import LOCKOUT
from domain.efacture import login_failures
from domain.efacture.errors import InvalidField
from domain.efacture.passwords import (
    GENERATED_ALPHABET,
    change_password,
    check_new_password,
    generate_password,
)
from domain.errors import Refused
from tests.efacture.builders import NOW, an_account

OLD = "Secret2026"


def test_generated_passwords_are_10_unambiguous_letters_and_digits_with_both_kinds():
    assert not set("0O1lI") & set(GENERATED_ALPHABET)
    assert set(GENERATED_ALPHABET) <= set("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789")
    passwords = {generate_password() for _ in range(300)}
    assert len(passwords) == 300
    for password in passwords:
        assert len(password) == 10 and set(password) <= set(GENERATED_ALPHABET)
        assert check_new_password(password, password, "amina") == password  # our own policy


@pytest.mark.parametrize("new, confirmation, field, reason", [
    ("Abc1234", "Abc1234", "new_password", "password_too_short"),
    ("a1" * 65, "a1" * 65, "new_password", "password_too_long"),
    ("abcdefgh", "abcdefgh", "new_password", "password_needs_letter_and_digit"),
    ("12345678", "12345678", "new_password", "password_needs_letter_and_digit"),
    ("Amina2026", "Amina2026", "new_password", "password_same_as_login"),
    (OLD, OLD, "new_password", "password_same_as_old"),
    ("Jardin2027", "Jardin2028", "confirmation", "password_confirmation_mismatch"),
])
def test_each_password_rule_has_its_own_reason(new, confirmation, field, reason):
    with pytest.raises(InvalidField) as refused:
        check_new_password(new, confirmation, "amina2026", OLD)
    assert (refused.value.field, refused.value.reason) == (field, reason)


def test_a_password_of_eight_with_letters_and_digits_is_accepted():
    assert check_new_password("jardin27", "jardin27", "amina", OLD) == "jardin27"


async def test_the_forced_change_replaces_the_one_time_password(uow, hasher):
    await uow.accounts.add(an_account(must_change_password=True,
                                      temporary_password_expires_at=NOW + timedelta(hours=3)))
    changed = await change_password(uow, hasher, 1, OLD, "Jardin2027", "Jardin2027", NOW)
    stored = uow.data.accounts[1]
    assert stored == changed
    assert not stored.must_change_password and stored.temporary_password_expires_at is None
    assert hasher.verify(stored.password_hash, "Jardin2027")


async def test_a_wrong_old_password_changes_nothing_and_counts_as_a_failed_login(uow, hasher):
    await uow.accounts.add(an_account())
    with pytest.raises(InvalidField) as refused:
        await change_password(uow, hasher, 1, "Nope2026", "Jardin2027", "Jardin2027", NOW)
    assert (refused.value.field, refused.value.reason) == ("old_password", "old_password_wrong")
    assert uow.data.accounts[1].password_hash == "fake:v1:" + OLD
    assert sum(len(times) for times in uow.data.attempts.values()) == 1


async def test_the_fifth_wrong_old_password_locks_the_account(uow, hasher):
    await uow.accounts.add(an_account())
    for _ in range(4):
        await uow.lock_key(login_failures.lock_key("amina"))
        assert await login_failures.count_failure(uow, "amina", NOW) is None
    with pytest.raises(Refused) as refused:
        await change_password(uow, hasher, 1, "Nope2026", "Jardin2027", "Jardin2027", NOW)
    assert (refused.value.reason, refused.value.details) == ("locked", {"until": NOW + LOCKOUT})


async def test_a_new_password_breaking_the_policy_is_not_stored(uow, hasher):
    await uow.accounts.add(an_account())
    with pytest.raises(InvalidField):
        await change_password(uow, hasher, 1, OLD, "short1", "short1", NOW)
    assert uow.data.accounts[1].password_hash == "fake:v1:" + OLD


async def test_an_expired_one_time_password_cannot_be_changed_any_more(uow, hasher):
    await uow.accounts.add(an_account(must_change_password=True, temporary_password_expires_at=NOW))
    with pytest.raises(Refused) as refused:
        await change_password(uow, hasher, 1, OLD, "Jardin2027", "Jardin2027", NOW)
    assert refused.value.reason == "temporary_password_expired"
