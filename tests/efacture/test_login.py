from datetime import timedelta

import pytest

from domain.accounts import LOCKOUT
from domain.efacture import login_failures
from domain.efacture.login import Authenticator
from domain.errors import Refused
from tests.efacture.builders import NOW, an_account
from tests.efacture.fakes import FakePasswordHasher

RIGHT, WRONG = "Secret2026", "Wrong2026"


@pytest.fixture
async def authenticator(hasher):
    return Authenticator(hasher)


async def reason_of(authenticator, uow, login, password, now=NOW) -> Refused:
    with pytest.raises(Refused) as refused:
        await authenticator.log_in(uow, login, password, now)
    return refused.value


async def test_the_right_password_logs_in_and_resets_the_failure_count(uow, authenticator):
    await uow.accounts.add(an_account())
    for _ in range(3):
        await reason_of(authenticator, uow, "amina", WRONG)
    logged_in = await authenticator.log_in(uow, "  AMINA ", RIGHT, NOW)
    assert not logged_in.must_change_password
    assert uow.data.accounts[1].last_login_at == NOW
    for _ in range(4):
        assert (await reason_of(authenticator, uow, "amina", WRONG)).reason == "bad_credentials"


async def test_an_unknown_login_and_a_wrong_password_get_the_same_refusal_and_work(uow, authenticator,
                                                                                   hasher):
    await uow.accounts.add(an_account())
    before = hasher.verifications
    unknown = await reason_of(authenticator, uow, "nobody", RIGHT)
    after_unknown = hasher.verifications
    wrong = await reason_of(authenticator, uow, "amina", WRONG)
    assert (unknown.reason, unknown.details) == (wrong.reason, wrong.details) == ("bad_credentials", {})
    assert after_unknown - before == hasher.verifications - after_unknown == 2


async def test_an_absurdly_long_login_is_just_bad_credentials(uow, authenticator):
    assert (await reason_of(authenticator, uow, "a" * 5000, RIGHT)).reason == "bad_credentials"


async def test_five_wrong_passwords_in_a_row_lock_the_account_for_fifteen_minutes(uow, authenticator):
    await uow.accounts.add(an_account())
    for _ in range(4):
        assert (await reason_of(authenticator, uow, "amina", WRONG, NOW)).reason == "bad_credentials"
    fifth = await reason_of(authenticator, uow, "amina", WRONG, NOW)
    assert (fifth.reason, fifth.details) == ("locked", {"until": NOW + LOCKOUT})
    while_locked = await reason_of(authenticator, uow, "amina", RIGHT, NOW + LOCKOUT - timedelta(seconds=1))
    assert (while_locked.reason, while_locked.details) == ("locked", {"until": NOW + LOCKOUT})
    assert (await authenticator.log_in(uow, "amina", RIGHT, NOW + LOCKOUT)).account.login == "amina"


async def test_a_success_between_failures_starts_the_count_again(uow, authenticator):
    await uow.accounts.add(an_account())
    for _ in range(4):
        await reason_of(authenticator, uow, "amina", WRONG)
    await authenticator.log_in(uow, "amina", RIGHT, NOW)
    for _ in range(4):
        assert (await reason_of(authenticator, uow, "amina", WRONG)).reason == "bad_credentials"


async def test_a_one_time_password_forces_a_change_and_expires_after_24_hours(uow, authenticator):
    await uow.accounts.add(an_account(must_change_password=True,
                                      temporary_password_expires_at=NOW + timedelta(hours=24)))
    assert (await authenticator.log_in(uow, "amina", RIGHT, NOW)).must_change_password
    expired = await reason_of(authenticator, uow, "amina", RIGHT, NOW + timedelta(hours=24))
    assert expired.reason == "temporary_password_expired"


async def test_an_expired_one_time_password_is_revealed_only_to_who_knows_it(uow, authenticator):
    await uow.accounts.add(an_account(must_change_password=True, temporary_password_expires_at=NOW))
    later = NOW + timedelta(days=2)
    assert (await reason_of(authenticator, uow, "amina", WRONG, later)).reason == "bad_credentials"


async def test_a_hash_made_with_old_parameters_is_upgraded_at_login(uow):
    await uow.accounts.add(an_account(password_hash="fake:v1:" + RIGHT))
    newer = FakePasswordHasher(version=2)
    await Authenticator(newer).log_in(uow, "amina", RIGHT, NOW)
    assert uow.data.accounts[1].password_hash == "fake:v2:" + RIGHT


async def test_a_current_hash_is_left_alone(uow, authenticator, hasher):
    await uow.accounts.add(an_account())
    hashes = hasher.hashes
    await authenticator.log_in(uow, "amina", RIGHT, NOW)
    assert hasher.hashes == hashes and uow.data.accounts[1].password_hash == "fake:v1:" + RIGHT


async def test_failures_are_stored_even_though_the_login_is_refused(uow, authenticator):
    await uow.accounts.add(an_account())
    await reason_of(authenticator, uow, "amina", WRONG)
    assert sum(len(times) for times in uow.data.attempts.values()) == 1


async def test_an_unknown_login_locks_out_like_a_real_one_so_the_lock_reveals_nothing(uow, authenticator):
    await uow.accounts.add(an_account())
    for login in ("amina", "nobody"):
        reasons = [(await reason_of(authenticator, uow, login, WRONG, NOW + timedelta(seconds=n))).reason
                   for n in range(5)]
        assert reasons == ["bad_credentials"] * 4 + ["locked"]
    later = NOW + timedelta(minutes=7, seconds=4)
    real = await reason_of(authenticator, uow, "amina", WRONG, later)
    phantom = await reason_of(authenticator, uow, "nobody", WRONG, later)
    assert real.details == {"until": NOW + timedelta(seconds=4) + LOCKOUT}
    assert phantom.details == real.details
    after = NOW + timedelta(minutes=15, seconds=5)
    assert (await reason_of(authenticator, uow, "nobody", WRONG, after)).reason == "bad_credentials"


async def test_failures_of_a_real_login_expire_like_those_of_an_unknown_one(uow, authenticator):
    await uow.accounts.add(an_account())
    for login in ("amina", "nobody"):
        for _ in range(4):
            await reason_of(authenticator, uow, login, WRONG, NOW)
    later = NOW + login_failures.FAILURE_WINDOW + timedelta(seconds=1)
    outcomes = {login: (await reason_of(authenticator, uow, login, WRONG, later)).reason
                for login in ("amina", "nobody")}
    assert outcomes == {"amina": "bad_credentials", "nobody": "bad_credentials"}


async def test_a_lock_costs_the_same_work_and_queries_for_real_and_unknown_logins(uow, authenticator, hasher):
    await uow.accounts.add(an_account())
    for login in ("amina", "nobody"):
        for _ in range(5):
            await reason_of(authenticator, uow, login, WRONG)
    work = []
    for login in ("amina", "nobody"):
        before = hasher.verifications
        refused = await reason_of(authenticator, uow, login, RIGHT, NOW + timedelta(minutes=1))
        work.append((refused.reason, refused.details, hasher.verifications - before))
    assert work[0] == work[1] == ("locked", {"until": NOW + LOCKOUT}, 2)


async def test_an_invalid_login_is_refused_and_counted_like_any_other_without_a_look_up(uow, authenticator):
    reasons = [(await reason_of(authenticator, uow, "4111.1111.1111.1111", WRONG)).reason for _ in range(5)]
    assert reasons == ["bad_credentials"] * 4 + ["locked"]
    assert not any("4111" in key for key in uow.data.attempts)
    assert uow.locked_keys and not any("4111" in key for key in uow.locked_keys)


async def test_attempt_keys_hold_no_typed_login(uow, authenticator):
    await uow.accounts.add(an_account())
    await reason_of(authenticator, uow, "amina", WRONG)
    await reason_of(authenticator, uow, "nobody", WRONG)
    assert uow.data.attempts and not any("amina" in key or "nobody" in key for key in uow.data.attempts)


async def test_every_try_is_serialised_on_its_login_before_anything_is_read(uow, authenticator):
    await reason_of(authenticator, uow, "Nobody ", WRONG)
    await reason_of(authenticator, uow, "nobody", WRONG)
    assert uow.locked_keys == [login_failures.lock_key("nobody")] * 2


async def test_a_pending_one_time_password_leaves_the_current_password_working(uow, authenticator):
    account = an_account().with_pending_temporary_password("fake:v1:Temp2026xy", NOW)
    await uow.accounts.add(account)
    logged = await authenticator.log_in(uow, "amina", RIGHT, NOW + timedelta(hours=1))
    assert not logged.must_change_password
    assert logged.account.temporary_password_hash is None
    assert (await reason_of(authenticator, uow, "amina", "Temp2026xy")).reason == "bad_credentials"


async def test_a_pending_one_time_password_logs_in_once_and_forces_the_change(uow, authenticator):
    await uow.accounts.add(an_account().with_pending_temporary_password("fake:v1:Temp2026xy", NOW))
    logged = await authenticator.log_in(uow, "amina", "Temp2026xy", NOW + timedelta(hours=1))
    assert logged.must_change_password and logged.account.temporary_password_hash is None
    assert uow.data.accounts[1].password_hash == "fake:v1:Temp2026xy"


async def test_an_expired_pending_one_time_password_is_refused_but_the_current_one_works(uow, authenticator):
    await uow.accounts.add(an_account().with_pending_temporary_password("fake:v1:Temp2026xy", NOW))
    later = NOW + timedelta(hours=24)
    assert (await reason_of(authenticator, uow, "amina", "Temp2026xy", later)).reason == "temporary_password_expired"
    assert not (await authenticator.log_in(uow, "amina", RIGHT, later)).must_change_password
