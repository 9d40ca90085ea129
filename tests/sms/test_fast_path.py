"""The responder's lazy, cached, group-committed unit of work on a real SQLite database."""

import asyncio
from datetime import timedelta

from bot.sms.fast_path import LineCache, responder_uow_factory
from domain.sms_keywords import answer_sms, code_limit_key
from tests.sms.builders import NOW, add_line
from tests.support.databases import sqlite_database


class CountingFactory:
    """Wraps the real unit-of-work factory and counts the transactions opened."""

    def __init__(self, factory) -> None:  # noqa: ANN001
        self.factory = factory
        self.opened = 0

    def __call__(self):  # noqa: ANN204
        self.opened += 1
        return self.factory()


async def count_attempts(db, msisdn: str) -> int:  # noqa: ANN001
    async with db.uow() as uow:
        return await uow.attempts.count_since(code_limit_key(msisdn), NOW - timedelta(hours=1))


async def test_a_repeated_aide_from_a_known_sender_is_answered_without_a_transaction(tmp_path):
    async with sqlite_database(tmp_path) as db:
        await add_line(db, language="en")
        counting = CountingFactory(db.uow)
        uow = responder_uow_factory(counting, serialize=True)
        first = await answer_sms(uow, "0612345678", "aide", NOW)
        second = await answer_sms(uow, "0612345678", "aide", NOW)
        assert first.language == second.language == "en"
        assert counting.opened == 1


async def test_cached_lines_expire_after_their_time_to_live(tmp_path):
    async with sqlite_database(tmp_path) as db:
        clock = [0.0]
        uow = responder_uow_factory(db.uow, LineCache(ttl_seconds=30, monotonic=lambda: clock[0]))
        assert (await answer_sms(uow, "0612345678", "code", NOW)).key == "sms.code_refused"
        await add_line(db, code="777111")
        assert (await answer_sms(uow, "0612345678", "code", NOW)).key == "sms.code_refused"
        clock[0] = 31.0
        reply = await answer_sms(uow, "0612345678", "code", NOW)
        assert reply.values == {"code": "777111"}


async def test_concurrent_code_requests_share_transactions_and_every_attempt_is_stored(tmp_path):
    async with sqlite_database(tmp_path) as db:
        senders = [f"06123456{n:02d}" for n in range(40)]
        for n, sender in enumerate(senders):
            await add_line(db, msisdn=sender, code=f"{n:06d}", customer_number=f"20000{n:02d}")
        counting = CountingFactory(db.uow)
        uow = responder_uow_factory(counting, serialize=True)
        replies = await asyncio.gather(*(answer_sms(uow, s, "code", NOW) for s in senders))
        assert [r.values["code"] for r in replies] == [f"{n:06d}" for n in range(40)]
        assert counting.opened < 40
        assert [await count_attempts(db, s) for s in senders] == [1] * 40


async def test_the_hourly_limit_still_holds_for_one_sender_under_group_commit(tmp_path):
    async with sqlite_database(tmp_path) as db:
        await add_line(db)
        uow = responder_uow_factory(db.uow, serialize=True)
        keys = []
        for _ in range(7):
            keys.append((await answer_sms(uow, "0612345678", "code", NOW)).key)
        assert keys == ["sms.code"] * 5 + ["sms.too_many_requests"] * 2


async def test_a_member_that_fails_rolls_back_its_group_and_the_others_see_an_error(tmp_path):
    async with sqlite_database(tmp_path) as db:
        await add_line(db)
        uow = responder_uow_factory(db.uow, serialize=True)

        async def failing() -> None:
            async with uow() as unit:
                await unit.attempts.record("x", NOW)
                await asyncio.sleep(0.01)
                raise ValueError("boom")

        results = await asyncio.gather(failing(), answer_sms(uow, "0612345678", "code", NOW),
                                       return_exceptions=True)
        assert isinstance(results[0], ValueError)
        assert isinstance(results[1], RuntimeError)
        assert await count_attempts(db, "0612345678") == 0
        # The next request opens a fresh transaction and works.
        assert (await answer_sms(uow, "0612345678", "code", NOW)).key == "sms.code"
