"""The responder's unit of work: lazy, with a short-lived cache of lines by call number.

An SMS reply needs the sender's line (for the language, the code, the invoices); AIDE and unknown
words need nothing else. So the responder gives the use case a unit of work that

* answers `lines.by_msisdn` from a small in-process cache (TTL 30 s by default: a change of
  language, status or code fidélio shows in SMS replies at most that late; unknown numbers are
  cached too, so a flood from them does not reach the database);
* opens the real transaction only when something else is asked (the AttemptLog for CODE and
  FACTURE, the invoices), and commits only then;
* optionally (SQLite) lets concurrent requests share one transaction (GroupCommit): SQLite takes
  the write lock up front, so N concurrent transactions would otherwise wait in its busy handler
  (sleeps of 1-100 ms) and each pay BEGIN/COMMIT.
"""

import asyncio
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from domain.lines import Line
from domain.ports import UnitOfWork, UnitOfWorkFactory


class LineCache:
    def __init__(self, ttl_seconds: float = 30.0, max_entries: int = 200_000,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        self.ttl = ttl_seconds
        self.max_entries = max_entries
        self.monotonic = monotonic
        self._entries: OrderedDict[str, tuple[float, Line | None]] = OrderedDict()

    def get(self, msisdn: str) -> tuple[bool, Line | None]:
        entry = self._entries.get(msisdn)
        if entry is None or entry[0] < self.monotonic():
            return False, None
        return True, entry[1]

    def put(self, msisdn: str, line: Line | None) -> None:
        self._entries[msisdn] = (self.monotonic() + self.ttl, line)
        self._entries.move_to_end(msisdn)
        while len(self._entries) > self.max_entries:
            self._entries.popitem(last=False)


class _CachedLines:
    def __init__(self, uow: "LazyUnitOfWork") -> None:
        self._uow = uow

    async def by_msisdn(self, msisdn: str) -> Line | None:
        hit, line = self._uow.cache.get(msisdn)
        if not hit:
            line = await self._uow.call("lines", "by_msisdn", msisdn)
            self._uow.cache.put(msisdn, line)
        return line

    def __getattr__(self, name: str) -> Any:
        return _Deferred(self._uow, "lines").__getattr__(name)


class _Deferred:
    """A repository whose every call first opens (or joins) the real unit of work."""

    def __init__(self, uow: "LazyUnitOfWork", repository: str) -> None:
        self._uow = uow
        self._repository = repository

    def __getattr__(self, name: str) -> Any:
        async def call(*args: Any, **kwargs: Any) -> Any:
            return await self._uow.call(self._repository, name, *args, **kwargs)
        return call


class LazyUnitOfWork:
    def __init__(self, factory: UnitOfWorkFactory, cache: LineCache, groups: "GroupCommit | None") -> None:
        self.factory = factory
        self.cache = cache
        self.groups = groups
        self._real: UnitOfWork | None = None
        self._group: _Group | None = None
        self.lines = _CachedLines(self)
        for repository in ("invoices", "accounts", "payments", "outbox", "attempts"):
            setattr(self, repository, _Deferred(self, repository))

    async def real(self) -> UnitOfWork:
        if self._real is None:
            self._real = await self.factory().__aenter__()
        return self._real

    async def call(self, repository: str, method: str, *args: Any, **kwargs: Any) -> Any:
        if self.groups is None:
            return await getattr(getattr(await self.real(), repository), method)(*args, **kwargs)
        if self._group is None:
            self._group = await self.groups.join()
        async with self._group.operations:  # one statement at a time on the shared connection
            return await getattr(getattr(self._group.real, repository), method)(*args, **kwargs)

    async def lock_key(self, key: str) -> None:
        if self.groups is None:
            await (await self.real()).lock_key(key)
            return
        if self._group is None:
            self._group = await self.groups.join()
        async with self._group.operations:
            await self._group.real.lock_key(key)

    async def __aenter__(self) -> "LazyUnitOfWork":
        return self

    async def __aexit__(self, *exc: object) -> None:
        group, self._group = self._group, None
        if group is not None:
            await self.groups.leave(group, commit=False)
        real, self._real = self._real, None
        if real is not None:
            await real.__aexit__(*exc)

    async def commit(self) -> None:
        group, self._group = self._group, None
        if group is not None:
            await self.groups.leave(group, commit=True)
        elif self._real is not None:
            await self._real.commit()

    async def rollback(self) -> None:
        group, self._group = self._group, None
        if group is not None:
            await self.groups.leave(group, commit=False)
        elif self._real is not None:
            await self._real.rollback()


class _Group:
    def __init__(self) -> None:
        loop = asyncio.get_running_loop()
        self.ready: asyncio.Future[UnitOfWork] = loop.create_future()
        self.finished: asyncio.Future[None] = loop.create_future()
        self.operations = asyncio.Lock()
        self.active = 0
        self.joined = 0
        self.accepting = True
        self.failed = False
        self.real: UnitOfWork | None = None


class GroupCommit:
    """Concurrent requests share one transaction ("group commit"), committed when the last leaves.

    SQLite runs one write transaction at a time; instead of queueing N short transactions (each
    BEGIN IMMEDIATE ... COMMIT), requests arriving while one is open join it, up to `max_members`.
    If any member leaves without committing, the whole group is rolled back and every member's
    commit raises (the responder then sends its apology). Members see each other's writes.
    """

    def __init__(self, factory: UnitOfWorkFactory, max_members: int = 32) -> None:
        self.factory = factory
        self.max_members = max_members
        self.current: _Group | None = None

    async def join(self) -> _Group:
        while True:
            group = self.current
            if group is None:
                return await self._open()
            if group.accepting:
                group.active += 1
                group.joined += 1
                group.accepting = group.joined < self.max_members
                group.real = await asyncio.shield(group.ready)
                return group
            await asyncio.shield(group.finished)

    async def _open(self) -> _Group:
        group = self.current = _Group()
        group.active = group.joined = 1
        try:
            group.real = await self.factory().__aenter__()
        except BaseException as exc:
            self.current = None
            group.ready.set_exception(exc)
            group.finished.set_result(None)
            group.ready.exception()  # mark retrieved: joiners got it already
            raise
        group.ready.set_result(group.real)
        return group

    async def leave(self, group: _Group, commit: bool) -> None:
        group.failed |= not commit
        group.active -= 1
        if group.active == 0:
            await self._finish(group)
        await asyncio.shield(group.finished)
        if group.failed and commit:
            raise RuntimeError("the shared transaction was rolled back")

    async def _finish(self, group: _Group) -> None:
        group.accepting = False
        try:
            if not group.failed:
                await group.real.commit()
        except BaseException as exc:
            group.failed = True
            group.finished.set_exception(exc)
        finally:
            if self.current is group:
                self.current = None
            await group.real.__aexit__(None, None, None)
            if not group.finished.done():
                group.finished.set_result(None)


def responder_uow_factory(factory: UnitOfWorkFactory, cache: LineCache | None = None,
                          serialize: bool = False) -> Callable[[], LazyUnitOfWork]:
    """`serialize=True` for SQLite: concurrent requests share one write transaction."""
    cache = cache or LineCache()
    groups = GroupCommit(factory) if serialize else None
    return lambda: LazyUnitOfWork(factory, cache, groups)
