"""What every e-facture flow shares: its services, the logged-in session, refusals as texts,
masked addresses."""

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

from conversations.context import Ctx
from conversations.flow import Answer, Invalid, Option
from domain.clock import LOCAL_TZ
from domain.efacture.errors import InvalidField
from domain.errors import Refused

SESSION = "efacture"
DOT = "•"
NEW_PASSWORD_FLOW = "new_password"  # the forced change without its first field (password_change.py)
FRESH_LOGIN = timedelta(minutes=15)


def services(ctx: Ctx) -> Any:
    """ctx.services.efacture (an EfactureServices)."""
    return ctx.services.efacture


def log_in_session(ctx: Ctx, account_id: int, login: str, must_change: bool) -> None:
    ctx.session[SESSION] = {"account": account_id, "login": login, "must_change": must_change,
                            "at": ctx.now.isoformat()}


def just_logged_in(ctx: Ctx) -> bool:
    """The password was verified by a log-in of this conversation a few minutes ago."""
    at = (logged_in(ctx) or {}).get("at")
    try:
        return isinstance(at, str) and ctx.now - datetime.fromisoformat(at) <= FRESH_LOGIN
    except (TypeError, ValueError):
        return False


def start_forced_change(ctx: Ctx) -> None:
    """The forced change of a one-time password. Right after the log-in that used it, its first
    field ("the password you received") is skipped: it was verified moments ago in this very
    conversation, and asking again only risked counting typos towards a lock-out."""
    if just_logged_in(ctx):
        ctx.start_flow(NEW_PASSWORD_FLOW, {"forced": True, "old_checked": True})
    else:
        ctx.start_flow("password_change", {"forced": True})


def logged_in(ctx: Ctx) -> dict[str, Any] | None:
    value = ctx.session.get(SESSION)
    return value if isinstance(value, dict) and isinstance(value.get("account"), int) else None


def account_id(ctx: Ctx) -> int | None:
    session = logged_in(ctx)
    return session["account"] if session else None


def session_login(ctx: Ctx) -> str:
    session = logged_in(ctx)
    return str(session.get("login", "")) if session else ""


def must_change_password(ctx: Ctx) -> bool:
    session = logged_in(ctx)
    return bool(session and session.get("must_change"))


def shown(ctx: Ctx, value: object) -> object:
    """A refusal detail as the user reads it: a date dd/mm/yyyy, a time HH:MM in Morocco."""
    if isinstance(value, datetime):
        return value.astimezone(LOCAL_TZ).strftime("%H:%M")
    if isinstance(value, date):
        return ctx.fmt.day(value)
    return value


def refusal_text(ctx: Ctx, refused: Refused) -> str:
    values = {name: shown(ctx, value) for name, value in refused.details.items() if name != "pending"}
    return ctx.t(f"efacture.{refused.reason}", **values)


def invalid(ctx: Ctx, error: InvalidField) -> Invalid:
    """The domain's "type it again" as the engine's re-prompt."""
    values = {name: shown(ctx, value) for name, value in error.details.items() if name != "pending"}
    return Invalid(f"efacture.{error.reason}", **values)


def typed_field(parse: Callable[[Ctx, str], Any]) -> Callable[[Ctx, Answer], Any]:
    """A step parser from a domain parser: its InvalidField becomes the engine's re-prompt."""
    def read(ctx: Ctx, answer: Answer) -> Any:
        try:
            return parse(ctx, answer.text or "")
        except InvalidField as error:
            raise invalid(ctx, error) from None
    return read


def mask_msisdn(msisdn: str) -> str:
    """0612345678 -> "06 •• •• 56 78"."""
    digits = "".join(c for c in msisdn if c.isdigit())
    return f"{digits[:2]} {DOT * 2} {DOT * 2} {digits[-4:-2]} {digits[-2:]}"


def mask_email(email: str) -> str:
    """amina@gmail.com -> "a•••@gmail.com"."""
    local, _, domain = email.rpartition("@")
    return f"{local[:1]}{DOT * 3}@{domain}"


def logout_option(ctx: Ctx) -> Option:
    return Option("logout", ctx.t("efacture.logout_button"))


def back_option(ctx: Ctx) -> Option:
    return Option("back", ctx.t("efacture.back_button"))


def with_menu_hint(ctx: Ctx, text: str) -> str:
    """A typed-text prompt that also has buttons: the engine adds the /menu hint only where nothing
    else can be tapped (conversations/rendering.py), so these prompts add it themselves."""
    return f"{text}\n\n{ctx.t('navigation.typed_hint')}"


def main_menu_option(ctx: Ctx) -> Option:
    return Option("menu", ctx.t("efacture.menu_button"))


def log_out(ctx: Ctx) -> None:
    ctx.logout()
    ctx.say(ctx.t("efacture.logged_out"))
    ctx.finish()


def require_login(ctx: Ctx) -> int | None:
    """The account id, or None after sending the user where they must go first: to Se
    connecter, or to the forced change of a one-time password."""
    who = account_id(ctx)
    if who is None:
        ctx.say(ctx.t("efacture.login_required"))
        ctx.start_flow("login")
        return None
    if must_change_password(ctx):
        ctx.say(ctx.t("efacture.login_must_change"))
        start_forced_change(ctx)
        return None
    return who


async def current_account(ctx: Ctx):
    """The logged-in Account, read fresh (a login or email may have changed), or None."""
    who = account_id(ctx)
    if who is None:
        return None
    async with services(ctx).uow() as uow:
        return await uow.accounts.get(who)
