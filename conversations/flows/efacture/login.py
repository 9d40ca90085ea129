"""Se connecter: login, then password (a secret input). A one-time password leads straight to
the forced change; otherwise to the account menu. The reply to a wrong login and to a wrong
password is the same; tries are limited per account (lock-out) and per conversation."""

from conversations.context import Ctx
from conversations.flow import Answer, Flow, Invalid, Option, Prompt, Step
from conversations.flows.efacture.common import (
    log_in_session,
    logged_in,
    refusal_text,
    services,
    session_login,
)
from domain.efacture.throttle import login_attempt_key, take_attempt
from domain.errors import Refused

FORGOT, ACCOUNT = "forgot", "account"


def ask_login(ctx: Ctx) -> Prompt:
    options = [Option(FORGOT, ctx.t("efacture.forgot_button"))]
    if logged_in(ctx):  # back from the main menu: the account is one tap away
        options.insert(0, Option(ACCOUNT, ctx.t("efacture.login_my_account", login=session_login(ctx))))
    return Prompt(ctx.t("efacture.login_ask_login"), options)


def read_login(ctx: Ctx, answer: Answer) -> str:
    if answer.choice in (FORGOT, ACCOUNT):
        return answer.choice
    login = (answer.text or "").strip()
    if not login:
        raise Invalid("efacture.login_expected")
    return login[:64]


def keep_login(ctx: Ctx, login: str) -> str | None:
    if login in (FORGOT, ACCOUNT):
        ctx.start_flow("forgot_password" if login == FORGOT else "account_menu")
        return None
    ctx.form["login"] = login
    return "login_given"


def read_password(ctx: Ctx, answer: Answer) -> str:
    return (answer.text or "")[:200]


async def check_password(ctx: Ctx, password: str) -> str | None:
    svc = services(ctx)
    if not await take_attempt(svc.uow(), login_attempt_key(ctx.key), ctx.now):
        ctx.say(ctx.t("efacture.login_too_many_tries"))
        ctx.finish()
        return None
    try:
        logged = await svc.authenticator.log_in(svc.uow(), ctx.form.get("login", ""), password, ctx.now)
    except Refused as refused:
        ctx.say(refusal_text(ctx, refused))
        if refused.reason == "locked":
            ctx.finish()
            return None
        return "refused"
    account = logged.account
    log_in_session(ctx, account.id, account.login, logged.must_change_password)
    if logged.must_change_password:
        ctx.say(ctx.t("efacture.login_must_change"))
        ctx.start_flow("password_change", {"forced": True})
    else:
        ctx.say(ctx.t("efacture.login_welcome", login=account.login))
        ctx.start_flow("account_menu")
    return None


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
