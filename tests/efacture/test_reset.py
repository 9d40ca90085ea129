from datetime import timedelta

from domain.accounts import TEMPORARY_PASSWORD_VALIDITY
from domain.efacture.reset import request_password_reset, reset_attempt_key
from domain.ports import Channel
from domain.services import ServiceType
from tests.efacture.builders import NOW, a_line, an_account
from tests.efacture.fakes import secret_in


async def reset(uow, hasher, texts, login, now=NOW):
    return await request_password_reset(uow, hasher, texts, login, now)


async def test_a_mobile_account_gets_a_new_one_time_password_by_sms(uow, hasher, texts):
    await uow.lines.add(a_line(1))
    await uow.accounts.add(an_account())
    assert await reset(uow, hasher, texts, "Amina") is None
    [sms] = uow.data.outbox
    assert (sms.channel, sms.recipient) == (Channel.SMS, "0612345678")
    stored = uow.data.accounts[1]
    assert hasher.verify(stored.temporary_password_hash, secret_in(sms))
    assert stored.temporary_password_expires_at == NOW + TEMPORARY_PASSWORD_VALIDITY


async def test_fixe_and_internet_accounts_get_it_by_email(uow, hasher, texts):
    await uow.lines.add(a_line(1, "0522123456", service=ServiceType.FIXE))
    await uow.accounts.add(an_account(service=ServiceType.FIXE))
    await reset(uow, hasher, texts, "amina")
    assert [(m.channel, m.recipient) for m in uow.data.outbox] == [(Channel.EMAIL, "amina@example.ma")]


async def test_three_requests_a_day_per_login_then_nothing_until_the_day_has_passed(uow, hasher, texts):
    await uow.lines.add(a_line(1))
    await uow.accounts.add(an_account())
    for minute in range(5):
        await reset(uow, hasher, texts, "amina", NOW + timedelta(minutes=minute))
    assert len(uow.data.outbox) == 3
    await reset(uow, hasher, texts, "amina", NOW + timedelta(hours=23, minutes=59))
    assert len(uow.data.outbox) == 3
    await reset(uow, hasher, texts, "amina", NOW + timedelta(hours=24, seconds=1))
    assert len(uow.data.outbox) == 4


async def test_the_outcome_is_identical_for_unknown_logins_and_over_the_limit(uow, hasher, texts):
    await uow.lines.add(a_line(1))
    await uow.accounts.add(an_account())
    outcomes, work = [], []
    for login in ["amina", "nobody", "amina", "amina", "amina", "nobody"]:
        hashes = hasher.hashes
        outcomes.append(await reset(uow, hasher, texts, login))
        work.append(hasher.hashes - hashes)
    assert outcomes == [None] * 6
    assert work == [1] * 6


async def test_requests_for_unknown_logins_are_counted_too(uow, hasher, texts):
    for _ in range(4):
        await reset(uow, hasher, texts, "Nobody")
    assert len(uow.data.attempts[reset_attempt_key("nobody")]) == 3
    assert uow.data.outbox == []


async def test_a_reset_asked_by_anyone_leaves_the_current_password_in_place(uow, hasher, texts):
    await uow.lines.add(a_line(1))
    await uow.accounts.add(an_account())
    await reset(uow, hasher, texts, "amina")
    stored = uow.data.accounts[1]
    assert hasher.verify(stored.password_hash, "Secret2026") and not stored.must_change_password


async def test_keys_and_work_are_the_same_for_a_login_that_cannot_exist_and_hold_no_typed_text(uow, hasher, texts):
    typed = "4111\xa01111\xa01111\xa01111"
    hashes = hasher.hashes
    assert await reset(uow, hasher, texts, typed) is None
    assert hasher.hashes - hashes == 1 and uow.data.outbox == []
    assert list(uow.data.attempts) == [reset_attempt_key(typed)]
    assert "4111" not in reset_attempt_key(typed)
    assert uow.locked_keys == [reset_attempt_key(typed)]
