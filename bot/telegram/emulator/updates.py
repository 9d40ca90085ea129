"""Updates waiting for the bot: served by long polling, or POSTed to a webhook when one is set."""

import asyncio
import contextlib
import logging
from dataclasses import dataclass

import aiohttp

from .errors import ApiError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Webhook:
    url: str
    secret_token: str | None
    allowed_updates: list[str] | None


class Updates:
    def __init__(self) -> None:
        self.pending: list[dict] = []
        self.delivered: list[dict] = []  # every update handed out, for assertions
        self.webhook: Webhook | None = None
        self.webhook_failures: list[tuple[int, int]] = []  # (update_id, HTTP status)
        self._next_id = 1
        self._poll_generation = 0
        self._arrived = asyncio.Condition()
        self._chains: dict[int, asyncio.Task] = {}
        self._session: aiohttp.ClientSession | None = None

    async def push(self, payload: dict, chat_id: int) -> dict:
        update = {"update_id": self._next_id, **payload}
        self._next_id += 1
        await self.redeliver(update, chat_id)
        return update

    async def redeliver(self, update: dict, chat_id: int) -> None:
        """Hand an update out (again: Telegram may deliver the same update twice)."""
        if self.webhook is not None:
            previous = self._chains.get(chat_id)
            task = asyncio.create_task(self._post(update, previous))
            self._chains[chat_id] = task
            task.add_done_callback(lambda done: self._chains.pop(chat_id, None)
                                   if self._chains.get(chat_id) is done else None)
            return
        async with self._arrived:
            if any(waiting["update_id"] == update["update_id"] for waiting in self.pending):
                update = {**update, "update_id": self._next_id}  # polling needs increasing ids
                self._next_id += 1
            self.pending.append(update)
            self._arrived.notify_all()

    async def get(self, offset: int | None, limit: int, timeout: float) -> list[dict]:
        if self.webhook is not None:
            raise ApiError(409, "Conflict: can't use getUpdates method while webhook is active; "
                                "use deleteWebhook to delete the webhook first")
        self._poll_generation += 1
        mine = self._poll_generation
        async with self._arrived:
            self._arrived.notify_all()  # an older poll still waiting is terminated (Telegram's rule)
            if offset is not None:
                self.pending = [u for u in self.pending if u["update_id"] >= offset]
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(timeout):
                    await self._arrived.wait_for(lambda: self.pending or mine != self._poll_generation)
            if mine != self._poll_generation:
                raise ApiError(409, "Conflict: terminated by other getUpdates request; "
                                    "make sure that only one bot instance is running")
            batch = self.pending[:limit]
        self.delivered.extend(batch)
        return batch

    async def set_webhook(self, webhook: Webhook | None, drop_pending: bool) -> None:
        async with self._arrived:
            self.webhook = webhook
            if drop_pending:
                self.pending.clear()
            self._poll_generation += 1
            self._arrived.notify_all()
        if webhook is not None:
            waiting, self.pending = self.pending, []
            for update in waiting:
                await self.redeliver(update, 0)

    async def _post(self, update: dict, previous: asyncio.Task | None) -> None:
        if previous is not None:  # keep one chat's updates in order, like Telegram
            with contextlib.suppress(Exception):
                await previous
        hook = self.webhook
        if hook is None:  # the webhook went away meanwhile: keep it for polling
            await self._keep(update)
            return
        headers = {"Content-Type": "application/json"}
        if hook.secret_token:
            headers["X-Telegram-Bot-Api-Secret-Token"] = hook.secret_token
        if self._session is None:
            self._session = aiohttp.ClientSession()
        for attempt in range(3):
            try:
                async with self._session.post(hook.url, json=update, headers=headers) as response:
                    if response.status < 300:
                        self.delivered.append(update)
                        return
                    self.webhook_failures.append((update["update_id"], response.status))
            except aiohttp.ClientError as exc:
                log.warning("webhook delivery failed: %s", exc)
                self.webhook_failures.append((update["update_id"], 0))
            await asyncio.sleep(0.2 * (attempt + 1))
        await self._keep(update)

    async def _keep(self, update: dict) -> None:
        """Telegram keeps what it could not deliver; so do we (resent on the next setWebhook or poll)."""
        async with self._arrived:
            self.pending.append(update)
            self._arrived.notify_all()

    async def close(self) -> None:
        for task in self._chains.values():
            task.cancel()
        self._chains.clear()
        if self._session is not None:
            await self._session.close()
            self._session = None
