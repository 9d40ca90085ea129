"""Payer une facture (without an account), as the payment guide's form: service, number, code,
email twice, (Mobile) the confirmation by SMS too?, conditions, invoices, link. Registered as
"payment" (the main menu's entry)."""

from conversations.context import Ctx
from conversations.flow import Answer, Flow, Invalid, Option, Prompt, Step
from conversations.flows.payment import consent, keypad, selection, sms_choice
from conversations.flows.payment.common import flow_table, keep_payer, nothing_due, proceed, services
from conversations.flows.payment.events import EVENTS
from domain.efacture.proofs import CodeCheck, typed_code
from domain.errors import InvalidCustomerNumber, InvalidPhoneNumber, Refused
from domain.payment_usecases import IDENTIFICATION_BLOCKED
from domain.phone import normalize_customer_number, normalize_msisdn, service_of_msisdn
from domain.services import ServiceType

CODE_LENGTHS = range(4, 9)
# The order of Créer un compte (registration.SERVICES): "1" means Mobile in both journeys.
SERVICES = (ServiceType.MOBILE, ServiceType.FIXE, ServiceType.INTERNET)


def service(ctx: Ctx) -> ServiceType:
    return ServiceType(ctx.form["service"])


def ask_service(ctx: Ctx) -> Prompt:
    return Prompt(ctx.t("payment.ask_service"), [Option(s.value, ctx.t(f"payment.service_{s.value.lower()}"))
                                                 for s in SERVICES])


def choose_service(ctx: Ctx, chosen: str) -> str:
    ctx.form["service"] = chosen
    return "service_chosen"


def ask_identifier(ctx: Ctx) -> Prompt:
    return Prompt(ctx.t(f"payment.ask_identifier_{service(ctx).value.lower()}"))


def read_identifier(ctx: Ctx, answer: Answer) -> str:
    chosen = service(ctx)
    if chosen is ServiceType.INTERNET:
        try:
            return normalize_customer_number(answer.text or "")
        except InvalidCustomerNumber:
            raise Invalid("payment.bad_customer_number") from None
    try:
        msisdn = normalize_msisdn(answer.text or "")
    except InvalidPhoneNumber:
        raise Invalid(f"payment.bad_number_{chosen.value.lower()}") from None
    if service_of_msisdn(msisdn) is not chosen:
        raise Invalid(f"payment.bad_number_{chosen.value.lower()}")
    return msisdn


def keep_identifier(ctx: Ctx, identifier: str) -> str:
    ctx.form["identifier"] = identifier
    keypad.clear(ctx)
    return "keypad_shown" if service(ctx) is ServiceType.MOBILE else "code_asked"


def ask_code(ctx: Ctx) -> Prompt:
    return Prompt(ctx.t(f"payment.ask_code_{service(ctx).value.lower()}"), secret=True)


def read_code(ctx: Ctx, answer: Answer) -> str:
    code = "".join((answer.text or "").split())
    if not (code.isdigit() and len(code) in CODE_LENGTHS):
        raise Invalid("payment.code_format")
    return code


async def identify(ctx: Ctx, check: CodeCheck) -> str | None:
    """Same answer for an unknown number and a wrong code; each counts as one of the 3 tries."""
    try:
        payer = await services(ctx).payers.identify(service(ctx), ctx.form["identifier"], check, ctx.now)
    except Refused as refused:
        if refused.reason == IDENTIFICATION_BLOCKED:
            ctx.say(ctx.t("payment.blocked", minutes=refused.details.get("minutes", 15)))
            ctx.finish()
            return None
        ctx.say(failure_text(ctx, int(refused.details.get("tries_left", 1))))
        return "identification_failed"
    finally:
        keypad.clear(ctx)
    if not payer.invoices:
        nothing_due(ctx)  # said only once the code was right
        return None
    keep_payer(ctx, payer)
    return await proceed(ctx)


def failure_text(ctx: Ctx, tries: int) -> str:
    """The code fidélio is not on the invoice: Mobile users are told how to get it (SMS to 1117)."""
    if tries == 1:
        return ctx.t("payment.identification_failed_last", tries_left=tries)
    if service(ctx) is ServiceType.MOBILE:
        return ctx.t("navigation.payment_failed_mobile", tries_left=tries)
    return ctx.t("payment.identification_failed", tries_left=tries)


async def check_code(ctx: Ctx, code: str) -> str | None:
    return await identify(ctx, typed_code(code))


def ask_keypad(ctx: Ctx) -> Prompt:
    return keypad.keypad_prompt(ctx, "payment.ask_code_mobile")


async def press_key(ctx: Ctx, key: str) -> str | None:
    if not keypad.apply_key(ctx, key):
        return None  # stay: the keypad shows one more (or one less) dot
    return await identify(ctx, keypad.code_check(ctx))


STEPS = [
    Step("service", prompt=ask_service, then=choose_service),
    Step("identifier", prompt=ask_identifier, parse=read_identifier, then=keep_identifier),
    Step("code", prompt=ask_code, parse=read_code, then=check_code, secret=True),
    Step("keypad", prompt=ask_keypad, parse=keypad.read_key, then=press_key),
    *consent.STEPS,
    *sms_choice.STEPS,
    *selection.STEPS,
]

FLOW = Flow(
    name="payment",
    title="Payer une facture",
    steps=STEPS,
    transitions=[
        ("service_chosen", "service", "identifier"),
        ("code_asked", "identifier", "code"),
        ("keypad_shown", "identifier", "keypad"),
        ("identification_failed", ["code", "keypad"], "identifier"),
        *flow_table(STEPS, selection.TRANSITIONS),
    ],
    events=EVENTS,
)
