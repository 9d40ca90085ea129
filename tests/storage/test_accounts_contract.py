from dataclasses import replace

import pytest

from domain.errors import Conflict
from tests.storage.builders import NOW, a_line, an_account


async def _two_lines(uow):
    first = await uow.lines.add(a_line("0611111111"))
    second = await uow.lines.add(a_line("0622222222"))
    return first, second


async def test_an_account_reads_back_with_its_lines_by_id_login_and_line(database):
    async with database.uow() as uow:
        first, second = await _two_lines(uow)
        account = await uow.accounts.add(an_account("amina", (second.id, first.id)))
        await uow.commit()
    async with database.uow() as uow:
        assert await uow.accounts.get(account.id) == account
        assert await uow.accounts.by_login("amina") == account
        assert await uow.accounts.by_line(first.id) == account
    assert account.line_ids == (second.id, first.id)


async def test_unknown_accounts_read_as_none(database):
    async with database.uow() as uow:
        assert await uow.accounts.get(1) is None
        assert await uow.accounts.by_login("nobody") is None
        assert await uow.accounts.by_line(1) is None


async def test_a_taken_login_is_a_conflict_and_the_transaction_stays_usable(database):
    async with database.uow() as uow:
        first, second = await _two_lines(uow)
        await uow.accounts.add(an_account("amina", (first.id,)))
        with pytest.raises(Conflict):
            await uow.accounts.add(an_account("amina", (second.id,)))
        await uow.accounts.add(an_account("karim", (second.id,)))
        await uow.commit()
    async with database.uow() as uow:
        assert (await uow.accounts.by_line(second.id)).login == "karim"


async def test_update_stores_every_field_and_the_new_set_of_lines(database):
    async with database.uow() as uow:
        first, second = await _two_lines(uow)
        account = await uow.accounts.add(an_account("amina", (first.id,)))
        changed = replace(account.after_failed_login(NOW), login="amina.b", email=None,
                          must_change_password=False, line_ids=(second.id,), language="en",
                          last_login_at=NOW, temporary_password_expires_at=NOW,
                          temporary_password_hash="$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$dGVtcA")
        await uow.accounts.update(changed)
        await uow.commit()
    async with database.uow() as uow:
        assert await uow.accounts.get(account.id) == changed
        assert await uow.accounts.by_line(first.id) is None
        assert await uow.accounts.by_login("amina") is None


async def test_a_locked_account_keeps_its_lock_time_as_aware_utc(database):
    async with database.uow() as uow:
        first, _ = await _two_lines(uow)
        account = await uow.accounts.add(an_account("amina", (first.id,)))
        for _ in range(5):
            account = account.after_failed_login(NOW)
        await uow.accounts.update(account)
        stored = await uow.accounts.get(account.id)
    assert stored.locked_until == account.locked_until and stored.locked_until.tzinfo is not None
    assert stored.is_locked(NOW)
