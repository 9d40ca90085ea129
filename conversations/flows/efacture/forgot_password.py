"""Mot de passe oublié: a login in, the same answer out whether it exists or not; the domain
limits resets to 3 a day per login and sends the new one-time password by SMS or email; a
conversation may ask 5 times an hour."""

from conversations.context import Ctx
from conversations.flow import Flow, Step
from conversations.flows.efacture.common import services
from domain.efacture.reset import request_password_reset
from domain.efacture.throttle import RESET_WINDOW, RESETS_PER_CONVERSATION, reset_attempt_key, take_attempt


async def reset(ctx: Ctx, login: str) -> str | None:
    svc = services(ctx)
    limit = dict(limit=RESETS_PER_CONVERSATION, window=RESET_WINDOW)
    if not await take_attempt(svc.uow(), reset_attempt_key(ctx.key), ctx.now, **limit):
        ctx.say(ctx.t("efacture.forgot_too_many"))
        ctx.finish()
        return None
    await request_password_reset(svc.uow(), svc.hasher, svc.texts, login[:64], ctx.now)
    return "requested"


FLOW = Flow(
    name="forgot_password",
    title="Mot de passe oublié",
    steps=[
        Step("login", prompt="efacture.forgot_ask_login", then=reset),
        Step("requested", prompt="efacture.forgot_sent", final=True),
    ],
    transitions=[("requested", "login", "requested")],
)
