"""The confirmation by SMS, offered once after the email on a Mobile line: to the line's own number
only (shown masked), never to a number typed in the chat. The answer is kept in the form ("sms",
"sms_to") and handed to PaymentUseCases.start, which checks the number against the paid line."""

from conversations.context import Ctx
from conversations.flow import Answer, Invalid, Option, Prompt, Step
from conversations.flows.efacture.common import mask_msisdn
from conversations.flows.payment.common import proceed, sms_line

YES, NO = "yes", "no"


def ask_sms(ctx: Ctx) -> Prompt:
    number = sms_line(ctx) or ""
    return Prompt(ctx.t("payment_sms.ask", msisdn=ctx.fmt.number(mask_msisdn(number)) if number else ""),
                  [Option(YES, ctx.t("payment_sms.yes")), Option(NO, ctx.t("payment_sms.no"))])


def read_sms(ctx: Ctx, answer: Answer) -> str:
    if answer.choice not in (YES, NO):
        raise Invalid("payment_sms.use_buttons")
    return answer.choice


async def answer_sms(ctx: Ctx, choice: str) -> str | None:
    number = sms_line(ctx)
    ctx.form["sms"] = choice == YES and number is not None
    ctx.form["sms_to"] = number if ctx.form["sms"] else None
    return await proceed(ctx)


STEPS = [Step("sms", prompt=ask_sms, parse=read_sms, then=answer_sms)]
