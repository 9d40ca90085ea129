"""Telegram's flood limits, kept on our side so the bot rarely sees a 429.

PTB's AIORateLimiter throttles 30 requests/s overall and groups, but not private chats, and one
RetryAfter pauses every chat. This limiter adds a leaky bucket per chat (about 1 message/s on average,
short bursts allowed like Telegram) and, on a 429, pauses only that chat for retry_after and retries
the same request, so nothing is lost. A request that surely did not arrive (connection refused,
Telegram's 5xx) is retried twice; a timeout is not (it may have arrived). Requests without a
chat_id (answerCallbackQuery, getUpdates) are neither throttled nor retried.
"""

import asyncio
import logging
import time
from collections import OrderedDict
from datetime import timedelta
from typing import Any

from aiolimiter import AsyncLimiter
from telegram.error import BadRequest, NetworkError, RetryAfter, TimedOut
from telegram.ext import BaseRateLimiter

log = logging.getLogger(__name__)
NETWORK_RETRIES = 2


def retry_after_seconds(error: RetryAfter) -> float:
    # PTB 22 may expose retry_after as int or timedelta (PTB_TIMEDELTA); its own limiter reads this.
    value = getattr(error, "_retry_after", None)
    if value is None:
        value = error.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


class ChatRateLimiter(BaseRateLimiter[int]):
    def __init__(self, *, overall_per_second: float = 30, per_chat_per_second: float = 1.0,
                 per_chat_burst: int = 3, max_retries: int = 5, max_chats: int = 4096) -> None:
        # Same average as Telegram's 30/s but half its burst: requests reach Telegram with network
        # jitter, and a smaller burst leaves room for it (measured: full bursts drew 429s).
        self._overall = AsyncLimiter(overall_per_second / 2, 0.5)
        self._chat_rate, self._chat_burst = per_chat_per_second, per_chat_burst
        self._max_retries, self._max_chats = max_retries, max_chats
        self._chats: OrderedDict[Any, AsyncLimiter] = OrderedDict()
        self._paused_until: dict[Any, float] = {}

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release."""

    async def process_request(self, callback, args, kwargs, endpoint, data, rate_limit_args):  # noqa: ANN001
        chat_id = data.get("chat_id")
        if chat_id is None:
            return await callback(*args, **kwargs)
        chat_id = str(chat_id)  # the same chat may come as 42 or "42"
        retries = self._max_retries if rate_limit_args is None else rate_limit_args
        for attempt in range(retries + 1):
            await self._wait_if_paused(chat_id)
            try:
                async with self._chat_limiter(chat_id), self._overall:
                    return await callback(*args, **kwargs)
            except RetryAfter as error:
                if attempt == retries:
                    raise
                delay = retry_after_seconds(error) + 0.1
                log.info("Telegram asked to slow down (%s): chat paused %.1f s", endpoint, delay)
                self._paused_until[chat_id] = time.monotonic() + delay
            except (TimedOut, BadRequest):
                # A timeout may have arrived (retrying could show a message twice); a 400 will not
                # change (PTB makes BadRequest a NetworkError, hence this clause first).
                raise
            except NetworkError as error:
                # Not sent (connection refused, Telegram's 5xx): a short pause, then again.
                if attempt >= min(retries, NETWORK_RETRIES):
                    raise
                log.info("network error on %s (%s); retrying", endpoint, type(error).__name__)
                await asyncio.sleep(0.5 * (attempt + 1))
        raise AssertionError("unreachable")

    async def _wait_if_paused(self, chat_id: Any) -> None:
        until = self._paused_until.get(chat_id)
        if until is None:
            return
        delay = until - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        if self._paused_until.get(chat_id) == until:
            del self._paused_until[chat_id]

    def _chat_limiter(self, chat_id: Any) -> AsyncLimiter:
        limiter = self._chats.get(chat_id)
        if limiter is None:
            limiter = AsyncLimiter(self._chat_burst, self._chat_burst / self._chat_rate)
            self._chats[chat_id] = limiter
            self._forget_idle_chats()
        self._chats.move_to_end(chat_id)
        return limiter

    def _forget_idle_chats(self) -> None:
        # Drop the least recently used buckets once they are full again (nothing to remember).
        while len(self._chats) > self._max_chats:
            oldest_id, oldest = next(iter(self._chats.items()))
            if not oldest.has_capacity(oldest.max_rate):
                break
            del self._chats[oldest_id]
