"""Long polling that confirms an update only once it has been handled.

Telegram forgets every update below the `offset` of the next getUpdates call. PTB's Updater moves
that offset as soon as an update is queued, so a bot that dies mid-turn loses the user's message.
Here a batch is fetched, handled (chats in parallel; the adapter's per-chat lock keeps one chat's
updates in order, because each turn is started in update order), and only then is the offset moved
past it. A bot that dies meanwhile gets the batch again on its next start, and the engine, which
records each inbound id with the conversation state, handles a redelivered update once.

Like the webhook, a batch still running after `turn_wait` seconds (e.g. a chat paused by a 429) is
confirmed anyway and finishes in the background, so one slow chat does not hold every other chat.
"""

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Sequence

from telegram import Bot, Update
from telegram.error import InvalidToken, TelegramError

log = logging.getLogger(__name__)
POLL_TIMEOUT = 10  # seconds Telegram holds an empty getUpdates open
RETRY_DELAYS = (0.5, 1, 2, 5, 10)  # back-off after failed getUpdates calls, then stays at the last


class Poller:
    def __init__(self, bot: Bot, handle: Callable[[Update], Awaitable[object]], *,
                 allowed_updates: Sequence[str], turn_wait: float, poll_timeout: int = POLL_TIMEOUT) -> None:
        self.bot, self.handle = bot, handle
        self.allowed_updates, self.turn_wait, self.poll_timeout = list(allowed_updates), turn_wait, poll_timeout
        self.offset: int | None = None  # the first update not handled yet, once known
        self._loop: asyncio.Task | None = None
        self._in_flight: set[asyncio.Task] = set()

    @property
    def running(self) -> bool:
        return self._loop is not None and not self._loop.done()

    def start(self) -> None:
        self._loop = asyncio.create_task(self._run(), name="telegram-polling")

    async def stop(self) -> None:
        """Stops fetching; lets running turns finish (up to `turn_wait`), then confirms what is done."""
        if self._loop is not None:
            self._loop.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._loop
            self._loop = None
        if self._in_flight:
            await asyncio.wait(set(self._in_flight), timeout=self.turn_wait)
        await self._confirm()

    async def _run(self) -> None:
        failures = 0
        while True:
            try:
                updates = await self.bot.get_updates(offset=self.offset, timeout=self.poll_timeout,
                                                     allowed_updates=self.allowed_updates)
            except InvalidToken:
                log.critical("Telegram refused the bot token; polling stops")
                raise
            except Exception as error:  # polling must outlive a bad answer or a network fault
                delay = RETRY_DELAYS[min(failures, len(RETRY_DELAYS) - 1)]
                failures += 1
                log.warning("getUpdates failed (%s); again in %.1f s", type(error).__name__, delay,
                            exc_info=not isinstance(error, TelegramError))
                await asyncio.sleep(delay)
                continue
            failures = 0
            if updates:
                await self._handle_batch(updates)

    async def _handle_batch(self, updates: list[Update]) -> None:
        # Tasks are created in update order and each reaches its chat's lock before yielding.
        tasks = [asyncio.create_task(self.handle(update), name=f"update:{update.update_id}")
                 for update in updates]
        for task in tasks:
            self._in_flight.add(task)
            task.add_done_callback(self._settled)
        handled = updates[-1].update_id + 1
        try:
            # shield: stopping (cancelling this loop) must not cancel the turns themselves.
            _, pending = await asyncio.shield(asyncio.wait(tasks, timeout=self.turn_wait))
        except asyncio.CancelledError:
            # Stopping: a batch that finishes in time is confirmed; otherwise it comes again.
            _, pending = await asyncio.wait(tasks, timeout=self.turn_wait)
            if not pending:
                self.offset = handled
            raise
        if pending:
            log.warning("%d update(s) still running after %.0f s; confirmed so polling goes on",
                        len(pending), self.turn_wait)
        self.offset = handled

    def _settled(self, task: asyncio.Task) -> None:
        self._in_flight.discard(task)
        # PTB's error handler already saw a turn's exception; this is only for a failure around it.
        if not task.cancelled() and task.exception() is not None:
            log.error("%s failed outside the handler", task.get_name(), exc_info=task.exception())

    async def _confirm(self) -> None:
        """Tells Telegram the handled updates are done (getUpdates with the offset, no waiting), as
        PTB's Updater does on stop. The offset is only moved past finished batches."""
        if self.offset is None:
            return
        try:
            await self.bot.get_updates(offset=self.offset, timeout=0, limit=1,
                                       allowed_updates=self.allowed_updates)
        except TelegramError as error:  # harmless: the engine ignores a redelivered update
            log.info("could not confirm updates on stop (%s)", type(error).__name__)
