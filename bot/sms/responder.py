"""The keyword responder: Kannel's sms-service calls GET /sms/mo for every SMS sent to 1117.

The reply is the HTTP response body and Kannel sends it back to the sender from the number the
SMS was sent to (see docs/sms.md for why this, not sendsms). Arabic replies carry the response
header `X-Kannel-Coding: 2` so Kannel sends them as UCS-2 instead of turning them into "?".
"""

import hmac
import logging
from dataclasses import dataclass, field

from aiohttp import web

from bot.sms.encoding import CODING_UCS2, coding_of
from bot.sms.fast_path import LineCache, responder_uow_factory
from bot.sms.sqlite_fast import SqliteBusy, SyncSqlite
from domain.clock import Clock, system_clock
from domain.ports import UnitOfWorkFactory
from domain.sms_keywords import DEFAULT_LANGUAGE, SmsLimits, SmsReply, SmsTexts, answer_sms

log = logging.getLogger(__name__)

MO_PATH = "/sms/mo"


@dataclass(frozen=True)
class SmsDeps:
    """What the responder needs; built by the composition root from the settings.

    `service_secret` is settings.secrets.sms_service_secret: Kannel's get-url carries it as
    `secret=...`. An empty secret refuses every request (fail closed). `line_cache_seconds` (0 to
    turn off) and `serialize_transactions` (True on SQLite) tune the fast path (fast_path.py).
    `sqlite_path` (the SQLite database file, None on PostgreSQL) enables sqlite_fast.py.
    """

    uow_factory: UnitOfWorkFactory
    texts: SmsTexts
    service_secret: str = field(repr=False)
    clock: Clock = system_clock
    limits: SmsLimits = field(default_factory=SmsLimits)
    path: str = MO_PATH
    line_cache_seconds: float = 30.0
    serialize_transactions: bool = False
    sqlite_path: str | None = None


def add_sms_routes(app: web.Application, deps: SmsDeps) -> None:
    fast = SyncSqlite(deps.sqlite_path) if deps.sqlite_path else None
    app.router.add_get(deps.path, _mo_handler(deps, fast))
    if fast is not None:
        async def close_fast_path(_app: web.Application) -> None:
            fast.close()
        app.on_cleanup.append(close_fast_path)


def _unit_of_work(deps: SmsDeps) -> UnitOfWorkFactory:
    if deps.line_cache_seconds <= 0 and not deps.serialize_transactions:
        return deps.uow_factory
    return responder_uow_factory(deps.uow_factory, LineCache(deps.line_cache_seconds),
                                 serialize=deps.serialize_transactions)


def is_from_gateway(given: str, expected: str) -> bool:
    """Constant-time comparison, so response times say nothing about the secret."""
    return bool(expected) and hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def sms_response(text: str) -> web.Response:
    """The reply SMS as Kannel expects it: UTF-8 text, plus the coding header when UCS-2 is needed."""
    headers = {"X-Kannel-Coding": str(CODING_UCS2)} if coding_of(text) == CODING_UCS2 else {}
    return web.Response(text=text, content_type="text/plain", charset="utf-8", headers=headers)


async def _answer(deps: SmsDeps, uow_factory: UnitOfWorkFactory, fast: SyncSqlite | None,
                  sender: str, text: str) -> SmsReply:
    if fast is not None:
        try:
            return await answer_sms(fast.uow, sender, text, deps.clock(), deps.limits)
        except SqliteBusy:
            pass  # another connection is writing: take the regular path, which may wait
    return await answer_sms(uow_factory, sender, text, deps.clock(), deps.limits)


def _mo_handler(deps: SmsDeps, fast: SyncSqlite | None):
    uow_factory = _unit_of_work(deps)

    async def handle_mo(request: web.Request) -> web.Response:
        query = request.query
        if not is_from_gateway(query.get("secret", ""), deps.service_secret):
            raise web.HTTPForbidden()
        sender = query.get("sender", "").strip()
        if not sender:
            raise web.HTTPBadRequest(text="sender missing")
        try:
            reply = await _answer(deps, uow_factory, fast, sender, query.get("text", ""))
            text = deps.texts.render(reply.key, reply.language, **reply.values)
        except Exception:
            # Last resort: Kannel would otherwise send its own English "Could not fetch content".
            log.exception("SMS keyword service failed (message id %s)", query.get("id", "?"))
            text = deps.texts.render("sms.unavailable", DEFAULT_LANGUAGE)
        return sms_response(text)

    return handle_mo
