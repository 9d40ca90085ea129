"""The notification email typed twice, and the conditions générales d'utilisation with the law
09-08 personal-data notice (read on request; refusing ends the payment politely)."""

from conversations.context import Ctx
from conversations.flow import Answer, Invalid, Option, Prompt, Step
from conversations.flows.payment.common import accept_terms, proceed
from domain.efacture.errors import InvalidField
from domain.efacture.identity import parse_email


def read_email(ctx: Ctx, answer: Answer) -> str:
    try:
        return parse_email(answer.text or "")
    except InvalidField:
        raise Invalid("payment.email_invalid") from None


def keep_email(ctx: Ctx, email: str) -> str:
    ctx.form["email_typed"] = email
    return "email_given"


async def confirm_email(ctx: Ctx, email: str) -> str | None:
    first = str(ctx.form.pop("email_typed", ""))
    if first.casefold() != email.casefold():
        ctx.say(ctx.t("payment.email_mismatch"))
        return "email_mismatch"
    ctx.form["email"] = first
    return await proceed(ctx)


def ask_terms(ctx: Ctx) -> Prompt:
    return Prompt(ctx.t("payment.terms_ask"), [
        Option("accept", ctx.t("payment.terms_accept")),
        Option("read", ctx.t("payment.terms_read")),
        Option("refuse", ctx.t("payment.terms_refuse")),
    ])


async def answer_terms(ctx: Ctx, choice: str) -> str | None:
    if choice == "read":
        ctx.say(ctx.t("payment.terms_text"))
        ctx.say(ctx.t("payment.privacy_text"))
        return None
    if choice == "refuse":
        ctx.say(ctx.t("payment.terms_refused"))
        ctx.finish()
        return None
    accept_terms(ctx)
    return await proceed(ctx)


STEPS = [
    Step("email", prompt="payment.ask_email", parse=read_email, then=keep_email),
    Step("email_again", prompt="payment.ask_email_again", parse=read_email, then=confirm_email),
    Step("terms", prompt=ask_terms, then=answer_terms),
]
