"""Modifier mon profil: the login, the email (confirmed by a code sent to the new address; the
pending change is kept in the form as the domain returns it) and the password."""

from conversations.context import Ctx
from conversations.flow import Answer, Flow, Invalid, Option, Prompt, Step
from conversations.flows.efacture.common import (
    SESSION,
    back_option,
    current_account,
    invalid,
    log_out,
    logged_in,
    logout_option,
    refusal_text,
    require_login,
    services,
    with_menu_hint,
)
from domain.efacture.errors import InvalidField
from domain.efacture.profile import PendingEmailChange, change_login, confirm_email_change, start_email_change
from domain.efacture.throttle import take_login_check
from domain.errors import Refused

RETURNS_TO = {"profile": "account_menu"}
CODE_WRONG = "code_wrong"  # the form notes a wrong code: the re-prompt must not announce a new one


async def ask(ctx: Ctx) -> Prompt:
    account = await current_account(ctx)
    login, email = (account.login, account.email or "—") if account else ("—", "—")
    options = [Option("login", ctx.t("efacture.profile_login")), Option("email", ctx.t("efacture.profile_email")),
               Option("password", ctx.t("efacture.profile_password")), back_option(ctx), logout_option(ctx)]
    return Prompt(ctx.t("efacture.profile_prompt", login=login, email=email), options)


def open_entry(ctx: Ctx, choice: str) -> str | None:
    if choice not in ("login", "email", "password", "back", "logout"):
        raise Invalid("engine.choose_option")
    if choice == "logout":
        log_out(ctx)
    elif choice == "back":
        ctx.start_flow("account_menu")
    elif require_login(ctx) is None:
        return None
    elif choice == "password":
        ctx.start_flow("password_change", {"forced": False})
    else:
        return f"change_{choice}"
    return None


async def new_login(ctx: Ctx, typed: str) -> str | None:
    who = require_login(ctx)
    if who is None:
        return None
    # "Taken" tells that a login exists: the checks are limited (per chat and for everybody).
    if not await take_login_check(services(ctx).uow(), ctx.key, ctx.now):
        ctx.say(ctx.t("efacture.login_check_too_many"))
        return "abandoned"
    try:
        account = await change_login(services(ctx).uow(), who, typed)
    except InvalidField as error:
        raise invalid(ctx, error) from None
    ctx.session[SESSION] = {**(logged_in(ctx) or {}), "login": account.login}
    ctx.say(ctx.t("efacture.profile_login_changed", login=account.login))
    return "changed"


async def new_email(ctx: Ctx, typed: str) -> str | None:
    who = require_login(ctx)
    if who is None:
        return None
    svc = services(ctx)
    try:
        pending = await start_email_change(svc.uow(), svc.hasher, svc.texts, who, typed, ctx.now)
    except InvalidField as error:
        raise invalid(ctx, error) from None
    except Refused as refused:  # email_change_too_many: back to the profile menu
        ctx.say(refusal_text(ctx, refused))
        return "abandoned"
    ctx.form["pending"] = pending.to_state()
    ctx.form.pop(CODE_WRONG, None)
    return "code_sent"


def ask_code(ctx: Ctx) -> Prompt:
    # After a wrong code no new one went out: say so, do not announce one "just sent".
    email = (ctx.form.get("pending") or {}).get("new_email", "")
    key = "navigation.profile_ask_code_again" if ctx.form.get(CODE_WRONG) else "efacture.profile_ask_code"
    return Prompt(with_menu_hint(ctx, ctx.t(key, email=email)), [Option("cancel", ctx.t("efacture.back_button"))])


def read_code(ctx: Ctx, answer: Answer) -> str:
    return "cancel" if answer.choice == "cancel" else (answer.text or "")[:20]


async def check_code(ctx: Ctx, code: str) -> str | None:
    who = require_login(ctx)
    if who is None:
        return None
    if code == "cancel" or not ctx.form.get("pending"):
        ctx.form.pop("pending", None)
        return "abandoned"
    svc = services(ctx)
    pending = PendingEmailChange.from_state(ctx.form["pending"])
    try:
        account = await confirm_email_change(svc.uow(), svc.hasher, who, pending, code, ctx.now)
    except InvalidField as error:
        ctx.form["pending"] = error.details["pending"].to_state()
        ctx.form[CODE_WRONG] = True
        ctx.say(refusal_text(ctx, error))
        return None
    except Refused as refused:
        ctx.say(refusal_text(ctx, refused))
        ctx.form.pop("pending", None)
        return "abandoned"
    ctx.form.pop("pending", None)
    ctx.say(ctx.t("efacture.profile_email_changed", email=account.email))
    return "changed"


FLOW = Flow(
    name="profile",
    title="Modifier mon profil",
    steps=[
        Step("menu", prompt=ask, then=open_entry),
        Step("new_login", prompt="efacture.profile_ask_login", then=new_login),
        Step("new_email", prompt="efacture.profile_ask_email", then=new_email),
        # The code is a secret: the message holding it is deleted from the chat.
        Step("email_code", prompt=ask_code, parse=read_code, then=check_code, secret=True),
    ],
    transitions=[("change_login", "menu", "new_login"), ("change_email", "menu", "new_email"),
                 ("code_sent", "new_email", "email_code"),
                 ("changed", ["new_login", "email_code"], "menu"),
                 ("abandoned", ["new_login", "new_email", "email_code"], "menu")],
)
