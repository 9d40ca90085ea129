"""Se connecter: login, then password (a secret input). A one-time password leads straight to
the forced change; otherwise to the account menu. The reply to a wrong login and to a wrong
password is the same; tries are limited per login (lock-out) and per conversation.

A login that cannot be one (wrong characters, a number typed by mistake...) is refused at once as
a failed try with "login ou mot de passe incorrect", counted like any other, so free text never
stays in the conversation state."""

from conversations.context import Ctx
from conversations.flow import Answer, Flow, Invalid, Option, Prompt, Step
from conversations.flows.efacture.common import (
    log_in_session,
    logged_in,
    refusal_text,
    services,
    session_login,
    start_forced_change,
    with_menu_hint,
)
from domain.efacture.errors import InvalidField
from domain.efacture.identity import parse_login
from domain.efacture.throttle import login_attempt_key, take_attempt
from domain.errors import Refused

FORGOT, ACCOUNT = "forgot", "account"


def ask_login(ctx: Ctx) -> Prompt:
    options = [Option(FORGOT, ctx.t("efacture.forgot_button"))]
    if logged_in(ctx):  # back from the main menu: the account is one tap away
        options.insert(0, Option(ACCOUNT, ctx.t("efacture.login_my_account", login=session_login(ctx))))
    return Prompt(with_menu_hint(ctx, ctx.t("efacture.login_ask_login")), options)


def read_login(ctx: Ctx, answer: Answer) -> str:
    if answer.choice in (FORGOT, ACCOUNT):
        return answer.choice
    login = (answer.text or "").strip()
    if not login:
        raise Invalid("efacture.login_expected")
    return login[:64]


async def keep_login(ctx: Ctx, login: str) -> str | None:
    if login in (FORGOT, ACCOUNT):
        ctx.start_flow("forgot_password" if login == FORGOT else "account_menu")
        return None
    try:
        ctx.form["login"] = parse_login(login)
    except InvalidField:
        await attempt(ctx, login, "")  # refused like a wrong password, and counted as one
        return None
    return "login_given"


def read_password(ctx: Ctx, answer: Answer) -> str:
    return (answer.text or "")[:200]


async def check_password(ctx: Ctx, password: str) -> str | None:
    if not await attempt(ctx, ctx.form.get("login", ""), password):
        return None if ctx.finished else "refused"
    return None


async def attempt(ctx: Ctx, login: str, password: str) -> bool:
    """One log-in try; True once logged in (the next flow is started). A refusal is said, and a
    lock or too many tries from this chat end the flow."""
    svc = services(ctx)
    if not await take_attempt(svc.uow(), login_attempt_key(ctx.key), ctx.now):
        ctx.say(ctx.t("efacture.login_too_many_tries"))
        ctx.finish()
        return False
    try:
        logged = await svc.authenticator.log_in(svc.uow(), login, password, ctx.now)
    except Refused as refused:
        ctx.say(refusal_text(ctx, refused))
        if refused.reason == "locked":
            ctx.finish()
        return False
    account = logged.account
    log_in_session(ctx, account.id, account.login, logged.must_change_password)
    if logged.must_change_password:
        ctx.say(ctx.t("efacture.login_must_change"))
        start_forced_change(ctx)
    else:
        ctx.say(ctx.t("efacture.login_welcome", login=account.login))
        ctx.start_flow("account_menu")
    return True


FLOW = Flow(
    name="login",
    title="Se connecter",
    steps=[
        Step("login", prompt=ask_login, parse=read_login, then=keep_login),
        Step("password", prompt="efacture.login_ask_password", parse=read_password, then=check_password,
             secret=True),
    ],
    transitions=[("login_given", "login", "password"), ("refused", "password", "login")],
)
