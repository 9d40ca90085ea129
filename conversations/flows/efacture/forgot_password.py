"""Mot de passe oublié: a login in, the same answer out whether it exists or not; the domain
limits resets to 3 a day per login and sends the new one-time password by SMS or email."""

from conversations.context import Ctx
from conversations.flow import Flow, Step
from conversations.flows.efacture.common import services
from domain.efacture.reset import request_password_reset


async def reset(ctx: Ctx, login: str) -> str:
    svc = services(ctx)
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
