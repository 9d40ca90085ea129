"""« Obtenir mon code fidélio »: how to get it by SMS (« code » to 1117), and for a logged-in
e-facture account, sending it at once by SMS to the account's own Mobile line (never elsewhere:
the code proves ownership of the line when paying)."""

from conversations.context import Ctx
from conversations.flow import Flow, Invalid, Option, Prompt, Step
from conversations.flows.efacture.common import account_id, current_account, services
from domain.sms_keywords import CodeBySms, send_own_code_by_sms

OUTCOMES = {CodeBySms.QUEUED: "code_sent", CodeBySms.NO_MOBILE_LINE: "no_mobile_line",
            CodeBySms.TOO_MANY_REQUESTS: "too_many_requests"}


def explain(ctx: Ctx) -> Prompt:
    how = ctx.t("menu.fidelio_how")
    menu = Option("menu", ctx.t("fidelio.menu_button"), "menu")
    if account_id(ctx) is None:
        return Prompt(f"{how}\n\n{ctx.t('fidelio.login_hint')}",
                      [Option("login", ctx.t("menu.login"), "login"), menu])
    return Prompt(f"{how}\n\n{ctx.t('fidelio.send_offer')}",
                  [Option("send", ctx.t("fidelio.send_button"), "sms"), menu])


async def act(ctx: Ctx, choice: str) -> str | None:
    if choice not in ("login", "menu", "send"):  # typed text when no button is on record
        raise Invalid("engine.choose_option")
    if choice == "login":
        ctx.start_flow("login")
        return None
    if choice == "menu":
        ctx.finish()
        return None
    account = await current_account(ctx)
    if account is None:  # the session ended between the prompt and the press
        ctx.start_flow("login")
        return None
    result = await send_own_code_by_sms(services(ctx).uow, tuple(account.line_ids), ctx.language,
                                        ctx.services.sms_texts, ctx.now)
    return OUTCOMES[result]


FLOW = Flow(
    name="fidelio",
    title="Code fidélio",
    steps=[
        Step("explained", prompt=explain, then=act),
        Step("sent", prompt="fidelio.sent", final=True),
        Step("no_mobile_line", prompt="fidelio.no_mobile_line", final=True),
        Step("too_many_requests", prompt="fidelio.too_many_requests", final=True),
    ],
    transitions=[
        ("code_sent", "explained", "sent"),
        ("no_mobile_line", "explained", "no_mobile_line"),
        ("too_many_requests", "explained", "too_many_requests"),
    ],
)
