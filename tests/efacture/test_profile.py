from datetime import timedelta

import pytest

from domain.efacture.errors import InvalidField
from domain.efacture.profile import (
    EMAIL_CODE_VALIDITY,
    PendingEmailChange,
    change_login,
    confirm_email_change,
    start_email_change,
)
from domain.errors import Refused
from domain.ports import Channel
from tests.efacture.builders import NOW, an_account
from tests.efacture.fakes import secret_in


async def test_the_login_can_be_changed_to_a_free_valid_one(uow):
    await uow.accounts.add(an_account())
    changed = await change_login(uow, 1, "Amina.B")
    assert changed.login == "amina.b" and uow.data.accounts[1].login == "amina.b"


@pytest.mark.parametrize("new, reason", [("amina", "login_unchanged"), ("TAKEN", "login_taken"),
                                         ("9lives", "login_must_start_with_letter")])
async def test_a_new_login_must_follow_the_rules_and_be_free(uow, new, reason):
    await uow.accounts.add(an_account())
    await uow.accounts.add(an_account(2, "taken", (2,)))
    with pytest.raises(InvalidField) as refused:
        await change_login(uow, 1, new)
    assert refused.value.reason == reason
    assert uow.data.accounts[1].login == "amina"


async def start(uow, hasher, texts, email="new@example.ma"):
    return await start_email_change(uow, hasher, texts, 1, email, NOW)


async def test_a_new_email_gets_a_six_digit_code_and_only_its_hash_is_kept(uow, hasher, texts):
    await uow.accounts.add(an_account())
    pending = await start(uow, hasher, texts)
    [mail] = uow.data.outbox
    code = secret_in(mail)
    assert (mail.channel, mail.recipient) == (Channel.EMAIL, "new@example.ma")
    assert len(code) == 6 and code.isdigit()
    assert code not in str(pending.to_state()).replace(pending.code_hash, "")
    assert pending.expires_at == NOW + EMAIL_CODE_VALIDITY
    assert PendingEmailChange.from_state(pending.to_state()) == pending
    changed = await confirm_email_change(uow, hasher, 1, pending, f" {code[:3]} {code[3:]}", NOW)
    assert changed.email == uow.data.accounts[1].email == "new@example.ma"


async def test_the_same_address_again_is_refused(uow, hasher, texts):
    await uow.accounts.add(an_account())
    with pytest.raises(InvalidField) as refused:
        await start(uow, hasher, texts, "AMINA@example.ma")
    assert refused.value.reason == "email_unchanged"


async def test_three_wrong_codes_end_the_email_change(uow, hasher, texts):
    await uow.accounts.add(an_account())
    pending = await start(uow, hasher, texts)
    for tries_left in (2, 1):
        with pytest.raises(InvalidField) as wrong:
            await confirm_email_change(uow, hasher, 1, pending, "000000x", NOW)
        assert wrong.value.details["tries_left"] == tries_left
        pending = wrong.value.details["pending"]
    with pytest.raises(Refused) as refused:
        await confirm_email_change(uow, hasher, 1, pending, "123456", NOW)
    assert refused.value.reason == "email_code_too_many_tries"
    exhausted = refused.value.details["pending"]
    with pytest.raises(Refused):
        await confirm_email_change(uow, hasher, 1, exhausted, secret_in(uow.data.outbox[0]), NOW)
    assert uow.data.accounts[1].email == "amina@example.ma"


async def test_the_code_expires_after_thirty_minutes(uow, hasher, texts):
    await uow.accounts.add(an_account())
    pending = await start(uow, hasher, texts)
    code = secret_in(uow.data.outbox[0])
    with pytest.raises(Refused) as refused:
        await confirm_email_change(uow, hasher, 1, pending, code, NOW + EMAIL_CODE_VALIDITY)
    assert refused.value.reason == "email_code_expired"
    ok = await confirm_email_change(uow, hasher, 1, pending, code,
                                    NOW + EMAIL_CODE_VALIDITY - timedelta(seconds=1))
    assert ok.email == "new@example.ma"


async def test_three_codes_an_hour_go_out_then_a_refusal_that_sends_nothing(uow, hasher, texts):
    await uow.accounts.add(an_account())
    for n in range(3):
        await start_email_change(uow, hasher, texts, 1, f"new{n}@example.ma", NOW + timedelta(minutes=n))
    with pytest.raises(Refused) as refused:
        await start_email_change(uow, hasher, texts, 1, "new9@example.ma", NOW + timedelta(minutes=59))
    assert refused.value.reason == "email_change_too_many"
    assert len(uow.data.outbox) == 3
    await start_email_change(uow, hasher, texts, 1, "new9@example.ma", NOW + timedelta(minutes=61))
    assert len(uow.data.outbox) == 4
