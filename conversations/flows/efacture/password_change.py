"""Changing the password: the one received (or the current one), the new one, its confirmation.

Forced at the first login with a one-time password (form {"forced": true}), offered from the
profile otherwise. Right after the log-in with the one-time password, the forced change is the
flow "new_password": the same steps without the first (common.start_forced_change). Each answer is checked as it comes; nothing typed is kept in the form but an
HMAC of the new password, to compare the confirmation with.
"""

from conversations.context import Ctx
from conversations.flow import Answer, Flow, Prompt, Step
from conversations.flows.efacture.common import (
    NEW_PASSWORD_FLOW,
    SESSION,
    account_id,
    invalid,
    log_out,
    logged_in,
    refusal_text,
    services,
)
from domain.efacture.errors import InvalidField
from domain.efacture.passwords import check_replacement, replace_password, verify_current_password
from domain.errors import Refused


def ask_old(ctx: Ctx) -> Prompt:
    key = "efacture.pwd_ask_received" if ctx.form.get("forced") else "efacture.pwd_ask_current"
    return Prompt(ctx.t(key))


def read_secret(ctx: Ctx, answer: Answer) -> str:
    return (answer.text or "")[:200]


def refused(ctx: Ctx, problem: Refused) -> None:
    """Locked or expired: the session ends, with the reason."""
    ctx.say(refusal_text(ctx, problem))
    log_out(ctx)


async def check_old(ctx: Ctx, old: str) -> str | None:
    who = account_id(ctx)
    if who is None:
        ctx.start_flow("login")
        return None
    svc = services(ctx)
    try:
        await verify_current_password(svc.uow(), svc.hasher, who, old, ctx.now)
    except InvalidField as error:
        raise invalid(ctx, error) from None
    except Refused as problem:
        return refused(ctx, problem)
    ctx.form["old_checked"] = True
    return "old_checked"


async def check_new(ctx: Ctx, new: str) -> str | None:
    who = account_id(ctx)
    if who is None or not ctx.form.get("old_checked"):
        ctx.start_flow("login")
        return None
    svc = services(ctx)
    try:
        await check_replacement(svc.uow(), svc.hasher, who, new)
    except InvalidField as error:
        raise invalid(ctx, error) from None
    ctx.remember_secret("new_password", new)
    return "new_chosen"


async def confirm_new(ctx: Ctx, confirmation: str) -> str | None:
    who = account_id(ctx)
    if who is None or not ctx.form.get("old_checked"):
        ctx.start_flow("login")
        return None
    if not ctx.secret_matches("new_password", confirmation):
        ctx.say(ctx.t("efacture.password_confirmation_mismatch"))
        return "confirmation_mismatched"
    svc = services(ctx)
    try:
        await replace_password(svc.uow(), svc.hasher, who, confirmation, ctx.now)
    except InvalidField as error:
        raise invalid(ctx, error) from None
    except Refused as problem:
        return refused(ctx, problem)
    session = dict(logged_in(ctx) or {})
    ctx.session[SESSION] = {**session, "must_change": False}
    ctx.say(ctx.t("efacture.pwd_changed"))
    ctx.start_flow("account_menu")
    return None


NEW_STEP = Step("new", prompt="efacture.pwd_ask_new", parse=read_secret, then=check_new, secret=True)
CONFIRMATION_STEP = Step("confirmation", prompt="efacture.pwd_ask_confirmation", parse=read_secret,
                         then=confirm_new, secret=True)

FLOW = Flow(
    name="password_change",
    title="Changer le mot de passe",
    steps=[Step("old", prompt=ask_old, parse=read_secret, then=check_old, secret=True), NEW_STEP,
           CONFIRMATION_STEP],
    transitions=[("old_checked", "old", "new"), ("new_chosen", "new", "confirmation"),
                 ("confirmation_mismatched", "confirmation", "new")],
)

# Started only with {"forced": true, "old_checked": true} by common.start_forced_change.
NEW_PASSWORD = Flow(
    name=NEW_PASSWORD_FLOW,
    title="Nouveau mot de passe (juste après la connexion)",
    steps=[NEW_STEP, CONFIRMATION_STEP],
    transitions=[("new_chosen", "new", "confirmation"), ("confirmation_mismatched", "confirmation", "new")],
)

FLOWS = [NEW_PASSWORD]
RETURNS_TO = {FLOW.name: "account_menu", NEW_PASSWORD.name: "account_menu"}
