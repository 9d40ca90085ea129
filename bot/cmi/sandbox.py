"""A stand-in for CMI's hosted payment page (spec section 5), as its own aiohttp app.

POST /fim/est3Dgate checks the fields and the HASH, then shows the card form; the card (and the
3-D Secure code for the enrolled card) decide the verdict; the signed result is posted to
callbackUrl (`callback_repeats` times, after `callback_delay` seconds, to exercise idempotency) and
the browser is sent to okUrl or failUrl with an auto-posting form.
"""

import asyncio
import logging
import re
import secrets
from dataclasses import dataclass, field

from aiohttp import ClientSession, ClientTimeout, web

from bot.cmi.hashing import verify
from bot.cmi.html_forms import auto_post
from bot.cmi.sandbox_cards import (
    TEST_CARDS,
    THREE_D_SECURE_CODE,
    UNKNOWN_CARD,
    card_problems,
    expired,
    normalised_pan,
)
from bot.cmi.sandbox_pages import card_form, error_page, three_d_secure_form
from bot.cmi.sandbox_results import Verdict, answer_meaning, result_fields
from domain.clock import Clock, system_clock

log = logging.getLogger(__name__)
REQUIRED = ("clientid", "storetype", "TranType", "amount", "currency", "oid", "okUrl", "failUrl", "lang",
            "rnd", "hashAlgorithm", "HASH")
AMOUNT = re.compile(r"^\d+(\.\d{2})?$")


@dataclass
class SandboxState:
    store_key: str
    clock: Clock
    callback_repeats: int = 1
    callback_delay: float = 0.0
    sessions: dict[str, dict] = field(default_factory=dict)
    deliveries: list[dict] = field(default_factory=list)  # one per callback POST, for tests and logs
    paid_oids: set[str] = field(default_factory=set)  # CMI refuses an oid that was already approved
    tasks: set = field(default_factory=set)
    http: ClientSession | None = None


STATE = web.AppKey("cmi_sandbox", SandboxState)


def make_sandbox_app(store_key: str, *, callback_repeats: int = 1, callback_delay: float = 0.0,
                     clock: Clock = system_clock) -> web.Application:
    app = web.Application()
    app[STATE] = SandboxState(store_key, clock, max(1, callback_repeats), max(0.0, callback_delay))
    app.cleanup_ctx.append(_http_client)
    app.add_routes([web.post("/fim/est3Dgate", gate), web.post("/fim/sandbox/card", card),
                    web.post("/fim/sandbox/3ds", three_d_secure), web.get("/fim/sandbox/callbacks", callbacks)])
    return app


async def _http_client(app: web.Application):
    state = app[STATE]
    state.http = ClientSession(timeout=ClientTimeout(total=30))
    yield
    for task in list(state.tasks):
        task.cancel()
    await asyncio.gather(*state.tasks, return_exceptions=True)
    await state.http.close()


def _html(text: str, status: int = 200) -> web.Response:
    return web.Response(text=text, status=status, content_type="text/html", charset="utf-8")


def _get(fields: dict[str, str], name: str) -> str:
    return next((v for k, v in fields.items() if k.lower() == name.lower()), "")


def request_problems(fields: dict[str, str], store_key: str) -> list[str]:
    names = {name.lower() for name in fields}
    problems = [f"Champ obligatoire manquant : {name}" for name in REQUIRED if name.lower() not in names]
    if _get(fields, "CallbackResponse").lower() == "true" and not _get(fields, "callbackUrl"):
        problems.append("Champ obligatoire manquant : callbackUrl")
    if "amount" in names and not AMOUNT.match(_get(fields, "amount")):
        problems.append("Montant invalide (format attendu : 150.00)")
    if "hashalgorithm" in names and _get(fields, "hashAlgorithm") != "ver3":
        problems.append("hashAlgorithm doit valoir ver3")
    if "hash" in names and not verify(fields, store_key):
        problems.append("HASH invalide : la signature ne correspond pas aux champs envoyés")
    return problems


async def gate(request: web.Request) -> web.Response:
    state = request.app[STATE]
    fields = dict(await request.post())
    problems = request_problems(fields, state.store_key)
    if not problems and _get(fields, "oid") in state.paid_oids:
        problems = ["Cette commande (oid) a déjà été payée : chaque tentative doit avoir son propre oid."]
    if problems:
        return _html(error_page(problems), status=400)
    session_id = secrets.token_urlsafe(16)
    state.sessions[session_id] = {"request": fields}
    return _html(card_form(session_id, fields, [], {}))


async def card(request: web.Request) -> web.Response:
    state = request.app[STATE]
    form = {k: str(v) for k, v in (await request.post()).items()}
    session = state.sessions.get(form.get("session", ""))
    if session is None or "verdict" in session:
        return _html(error_page(["Session de paiement inconnue ou terminée."]), status=400)
    problems = card_problems(form, state.clock())
    if problems:
        return _html(card_form(form["session"], session["request"], problems, form), status=400)
    pan = normalised_pan(form["pan"])
    test_card = TEST_CARDS.get(pan, UNKNOWN_CARD)
    session["pan"], session["card"] = pan, test_card
    if expired(form["exp_month"], form["exp_year"], state.clock()):
        return await _finish(request, session, Verdict("54", "2", test_card.brand, pan, "Carte expirée"))
    if test_card.three_d_secure:
        return _html(three_d_secure_form(form["session"]))
    return await _finish(request, session, Verdict(test_card.return_code, "2", test_card.brand, pan,
                                                   "" if test_card.return_code == "00" else "Refusée"))


async def three_d_secure(request: web.Request) -> web.Response:
    state = request.app[STATE]
    form = await request.post()
    session = state.sessions.get(str(form.get("session", "")))
    if session is None or "card" not in session or "verdict" in session:
        return _html(error_page(["Session de paiement inconnue ou terminée."]), status=400)
    pan, test_card = session["pan"], session["card"]
    if str(form.get("code", "")).strip() == THREE_D_SECURE_CODE:
        verdict = Verdict(test_card.return_code, "1", test_card.brand, pan)
    else:
        verdict = Verdict("99", "0", test_card.brand, pan, "Authentification 3-D Secure échouée")
    return await _finish(request, session, verdict)


async def _finish(request: web.Request, session: dict, verdict: Verdict) -> web.Response:
    state = request.app[STATE]
    session["verdict"] = verdict
    if verdict.approved:
        state.paid_oids.add(_get(session["request"], "oid"))
    fields = result_fields(session["request"], verdict, state.store_key, state.clock(),
                           request.remote or "127.0.0.1")
    if _get(fields, "CallbackResponse").lower() == "true":
        delivery = _deliver_all(state, _get(fields, "callbackUrl"), fields)
        if state.callback_delay > 0:
            task = asyncio.create_task(delivery)
            state.tasks.add(task)
            task.add_done_callback(state.tasks.discard)
        else:
            await delivery
    target = _get(fields, "okUrl") if verdict.approved else _get(fields, "failUrl")
    message = "Paiement accepté." if verdict.approved else "Paiement refusé."
    return _html(auto_post(target, fields, "Résultat du paiement", f"{message} Retour au site marchand…",
                           "Continuer"))


async def _deliver_all(state: SandboxState, url: str, fields: dict[str, str]) -> None:
    await asyncio.sleep(state.callback_delay)
    await asyncio.gather(*(_deliver(state, url, fields) for _ in range(state.callback_repeats)))


async def _deliver(state: SandboxState, url: str, fields: dict[str, str]) -> None:
    answer: str | None = None
    try:
        async with state.http.post(url, data=fields) as response:
            answer = (await response.text()).strip() if response.status == 200 else None
    except Exception as exc:  # a dead merchant server must not break the sandbox
        log.warning("callback to %s failed: %s", url, exc)
    state.deliveries.append({"oid": _get(fields, "oid"), "ProcReturnCode": fields["ProcReturnCode"],
                             "answer": answer, "meaning": answer_meaning(answer)})


async def callbacks(request: web.Request) -> web.Response:
    return web.json_response(request.app[STATE].deliveries)
