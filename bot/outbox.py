"""The outbox dispatcher: delivers queued SMS (Kannel sendsms) and emails (SMTP), durably.

Use cases only `put` messages into the outbox, in the same transaction as the change that caused
them (a new account, a settled payment). This loop takes due messages and hands them to the
gateway:

* claim: in one short transaction, under `claim_lock` (a cross-process advisory lock on
  PostgreSQL; SQLite transactions already take the write lock up front), due messages are leased
  by pushing their next attempt `lease` into the future, so a second dispatcher skips them;
* deliver: outside any transaction; right after the gateway accepted, `mark_sent` is committed;
* on failure, `mark_failed` with an exponential back-off; a crash or a stop between claim and
  outcome leaves the lease, so the message is tried again when it expires. Nothing is lost while
  Kannel or the SMTP server is down, and nothing is sent twice unless the process dies in the
  instant between the gateway's "accepted" and the commit of `mark_sent`.

Each try counts two in `attempts` (the lease is stored with `mark_failed`, then the outcome),
until the port grows an atomic `claim` (requested in the SMS report).
"""

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Protocol

from domain.clock import Clock, system_clock
from domain.ports import Channel, OutgoingMessage, UnitOfWorkFactory

log = logging.getLogger(__name__)
CLAIMED = "claimed: delivery in progress"


class SmsSender(Protocol):
    async def send(self, to: str, text: str) -> None: ...


class ChatSender(Protocol):
    """Hands a CHAT message (a conversation event) to the engine and pushes its replies."""

    async def deliver(self, message: OutgoingMessage) -> None: ...


class MailSender(Protocol):
    """What bot/mail.py's SmtpMailer offers; any exception means "not sent, try later"."""

    async def send(self, to: str, subject: str, text: str, html: str | None = None,
                   attachments: Sequence[Any] = ()) -> None: ...


@dataclass(frozen=True)
class Backoff:
    """15 s, 30 s, 1 min, ... up to 30 min between tries; never gives up."""

    first: timedelta = timedelta(seconds=15)
    maximum: timedelta = timedelta(minutes=30)

    def delay(self, failed_tries: int) -> timedelta:
        return min(self.maximum, self.first * (2 ** min(failed_tries, 20)))


def tries_before(message: OutgoingMessage) -> int:
    return message.attempts // 2


class OutboxDispatcher:
    def __init__(self, uow_factory: UnitOfWorkFactory, sms: SmsSender | None, mail: MailSender | None,
                 clock: Clock = system_clock, backoff: Backoff = Backoff(),
                 lease: timedelta = timedelta(minutes=2), batch: int = 20, poll_seconds: float = 1.0,
                 claim_lock: Callable[[], AbstractAsyncContextManager[Any]] | None = None,
                 chat: ChatSender | None = None,
                 attachments: Callable[[OutgoingMessage], Awaitable[Sequence[Any]]] | None = None) -> None:
        self.uow_factory = uow_factory
        self.senders = {Channel.SMS: sms, Channel.EMAIL: mail, Channel.CHAT: chat}
        self.clock = clock
        self.backoff = backoff
        self.lease = lease
        self.batch = batch
        self.poll_seconds = poll_seconds
        self.claim_lock = claim_lock or contextlib.nullcontext
        self.attachments = attachments  # files an email carries (the receipt PDF), made at send time
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._stopping = False

    async def claim(self) -> list[OutgoingMessage]:
        now = self.clock()
        async with self.claim_lock(), self.uow_factory() as uow:
            due = await uow.outbox.due(now, self.batch)
            messages = [m for m in due if self.senders.get(m.channel)]
            for message in due:
                # A channel this dispatcher cannot send is parked for a while rather than left
                # due, where it would fill every batch and starve the other channel.
                claimed = message in messages
                await uow.outbox.mark_failed(message.id, CLAIMED if claimed else f"no {message.channel} sender here",
                                             now + (self.lease if claimed else self.backoff.maximum))
            await uow.commit()
        return messages

    async def deliver(self, message: OutgoingMessage) -> bool:
        try:
            await self._send(message)
        except Exception as exc:  # any failure of a gateway: keep the message, try later
            retry_at, error = self.clock() + self.backoff.delay(tries_before(message)), _describe(exc)
            log.warning("outbox %s #%s not delivered (%s), retry at %s", message.channel, message.id,
                        type(exc).__name__, retry_at.isoformat())
            await self._record(lambda uow: uow.outbox.mark_failed(message.id, error, retry_at))
            return False
        await self._record(lambda uow: uow.outbox.mark_sent(message.id, self.clock()))
        return True

    async def _send(self, message: OutgoingMessage) -> None:
        sender = self.senders[message.channel]
        if message.channel is Channel.SMS:
            await sender.send(message.recipient, message.body)
        elif message.channel is Channel.CHAT:
            await sender.deliver(message)
        else:
            files = await self.attachments(message) if self.attachments else ()
            await sender.send(message.recipient, message.subject or "", message.body, attachments=files)

    async def _record(self, change: Callable[[Any], Any], tries: int = 3) -> None:
        """Store an outcome; retried a little, since a lost `mark_sent` means a second send."""
        for attempt in range(tries):
            try:
                async with self.uow_factory() as uow:
                    await change(uow)
                    await uow.commit()
                return
            except Exception:
                if attempt == tries - 1:
                    raise
                await asyncio.sleep(0.2 * (attempt + 1))

    async def run_once(self) -> int:
        """Claim and deliver one batch; returns how many were delivered."""
        messages = await self.claim()
        delivered = 0
        for index, message in enumerate(messages):
            if self._stopping:
                await self._release(messages[index:])
                break
            delivered += await self.deliver(message)
        return delivered

    async def _release(self, messages: list[OutgoingMessage]) -> None:
        """Stopping: hand back what was claimed but not tried, due at once for the next start."""
        now = self.clock()
        async with self.uow_factory() as uow:
            for message in messages:
                await uow.outbox.mark_failed(message.id, "released at stop", now)
            await uow.commit()

    def wake(self) -> None:
        """A message was just queued: look now rather than at the next poll."""
        self._wake.set()

    async def _loop(self) -> None:
        while not self._stopping:
            try:
                if await self.run_once() == self.batch:
                    continue  # a full batch: there may be more due right now
            except Exception:
                log.exception("outbox dispatcher: batch failed, trying again at next poll")
            self._wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self.poll_seconds)

    async def start(self) -> None:
        if self._task is None:
            self._stopping = False
            self._task = asyncio.create_task(self._loop(), name="outbox-dispatcher")

    async def stop(self, grace_seconds: float = 15.0) -> None:
        """Finish the message being sent (so its outcome is recorded), then end the loop.

        Past `grace_seconds` the loop is cancelled; a message cut mid-send keeps its lease and is
        tried again when the lease expires.
        """
        task, self._task = self._task, None
        if task is None:
            return
        self._stopping = True
        self._wake.set()
        try:
            await asyncio.wait_for(asyncio.shield(task), grace_seconds)
        except TimeoutError:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task


def _describe(exc: Exception) -> str:
    # The type and the gateway's words, never a URL (sendsms URLs carry the password).
    return f"{type(exc).__name__}: {exc}"[:500]
