"""Our limiter paces one chat to its rate after a burst, and lets other chats through meanwhile."""

import asyncio
import time

from bot.telegram.ports import JsonFileBlockedChats, LruFileIdCache
from bot.telegram.ratelimit import ChatRateLimiter


async def timed_sends(limiter: ChatRateLimiter, chat_id: int, count: int) -> float:
    started = time.monotonic()

    async def send() -> bool:
        return True

    for _ in range(count):
        await limiter.process_request(send, (), {}, "sendMessage", {"chat_id": chat_id}, None)
    return time.monotonic() - started


async def test_one_chat_gets_its_burst_then_about_its_rate() -> None:
    limiter = ChatRateLimiter(per_chat_per_second=10, per_chat_burst=2)
    assert await timed_sends(limiter, 1, 2) < 0.05
    assert await timed_sends(limiter, 1, 4) >= 0.25


async def test_a_busy_chat_does_not_slow_another_chat() -> None:
    limiter = ChatRateLimiter(per_chat_per_second=5, per_chat_burst=1)
    busy = asyncio.create_task(timed_sends(limiter, 1, 4))
    await asyncio.sleep(0.01)
    assert await timed_sends(limiter, 2, 1) < 0.05
    assert await busy >= 0.5


async def test_the_file_id_cache_stays_bounded_and_keeps_the_recently_used() -> None:
    cache = LruFileIdCache(capacity=2)
    await cache.put("a", "A")
    await cache.put("b", "B")
    await cache.get("a")
    await cache.put("c", "C")
    assert (len(cache), await cache.get("a"), await cache.get("b")) == (2, "A", None)


async def test_blocked_chats_survive_a_restart_in_their_json_file(tmp_path) -> None:  # noqa: ANN001
    path = tmp_path / "blocked.json"
    store = JsonFileBlockedChats(path)
    await store.mark_blocked(7)
    await store.mark_blocked(8)
    await store.unblock(8)
    reloaded = JsonFileBlockedChats(path)
    assert await reloaded.is_blocked(7) and not await reloaded.is_blocked(8)


async def test_ptbs_own_limiter_gives_up_on_a_429_by_default_which_is_why_ours_retries() -> None:
    from telegram.error import RetryAfter
    from telegram.ext import AIORateLimiter

    attempts: list[int] = []

    async def flooded() -> bool:
        attempts.append(1)
        if len(attempts) == 1:
            raise RetryAfter(0)
        return True

    data = {"chat_id": 1}
    try:
        await AIORateLimiter().process_request(flooded, (), {}, "sendMessage", data, None)
    except RetryAfter:
        attempts.append(0)
    assert attempts == [1, 0]  # PTB: max_retries=0, the message is lost
    attempts.clear()
    assert await ChatRateLimiter().process_request(flooded, (), {}, "sendMessage", data, None) is True
    assert attempts == [1, 1]
