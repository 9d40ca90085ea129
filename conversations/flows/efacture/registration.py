"""Créer un compte e-facture: service, the form field by field, a captcha, then the password
goes out by SMS (Mobile) or email (Fixe, Internet) and the bot says where, masked.

Ownership is checked as soon as its proofs are typed (numéro client, and the code de paiement
for Fixe and Internet), so nobody fills a whole form to learn at the end that the line is an
entreprise one; `register` checks everything again at the end.
"""

from conversations.context import Ctx
from conversations.flow import Flow, Invalid, Option, Prompt, Step
from conversations.flows.efacture.common import invalid, services, typed_field
from conversations.flows.efacture.registration_finish import (
    CAPTCHA_STEP,
    code_check,
    refuse,
    service_of,
    show_captcha,
)
from domain.efacture.errors import InvalidField
from domain.efacture.identity import confirm_email, parse_email
from domain.efacture.proofs import needs_payment_code, parse_payment_code
from domain.efacture.registration import (
    check_eligibility,
    check_login_available,
    parse_invoice_customer_number,
    parse_line_identifier,
)
from domain.efacture.throttle import take_login_check
from domain.errors import Refused
from domain.services import ServiceType

SERVICES = (ServiceType.MOBILE, ServiceType.FIXE, ServiceType.INTERNET)


def ask_service(ctx: Ctx) -> Prompt:
    options = [Option(s.value, ctx.t(f"efacture.service_{s.value.lower()}")) for s in SERVICES]
    return Prompt(ctx.t("efacture.reg_ask_service"), options)


def choose_service(ctx: Ctx, value: str) -> str:
    if value not in {service.value for service in SERVICES}:  # typed text when no button is on record
        raise Invalid("engine.choose_option")
    ctx.form["service"] = value
    return "service_chosen"


def ask_identifier(ctx: Ctx) -> Prompt:
    return Prompt(ctx.t(f"efacture.reg_ask_identifier_{service_of(ctx).value.lower()}"))


read_identifier = typed_field(lambda ctx, text: parse_line_identifier(service_of(ctx), text))


def keep_identifier(ctx: Ctx, identifier: str) -> str:
    ctx.form["identifier"] = identifier
    return "code_needed" if service_of(ctx) is ServiceType.INTERNET else "identifier_given"


read_customer_number = typed_field(lambda ctx, text: parse_invoice_customer_number(text))


async def keep_customer_number(ctx: Ctx, number: str) -> str | None:
    ctx.form["customer_number"] = number
    if needs_payment_code(service_of(ctx)):
        return "code_needed"
    return await eligibility(ctx)


read_payment_code = typed_field(lambda ctx, text: parse_payment_code(text))


async def keep_payment_code(ctx: Ctx, code: str) -> str | None:
    ctx.remember_secret("payment_code", code)
    return await eligibility(ctx)


async def eligibility(ctx: Ctx) -> str | None:
    try:
        await check_eligibility(services(ctx).uow(), service_of(ctx), ctx.form.get("identifier", ""),
                                ctx.form.get("customer_number"), ctx.now, code_check(ctx))
    except Refused as refused:
        return refuse(ctx, refused)
    return "eligible"


async def keep_login(ctx: Ctx, typed: str) -> str | None:
    # "Taken" tells that a login exists: the checks are limited (per chat and for everybody).
    if not await take_login_check(services(ctx).uow(), ctx.key, ctx.now):
        ctx.say(ctx.t("efacture.login_check_too_many"))
        ctx.finish()
        return None
    try:
        ctx.form["login"] = await check_login_available(services(ctx).uow(), typed)
    except InvalidField as error:
        raise invalid(ctx, error) from None
    return "login_chosen"


read_email = typed_field(lambda ctx, text: parse_email(text))


def keep_email(ctx: Ctx, email: str) -> str:
    ctx.form["email"] = email
    return "email_given"


def confirm(ctx: Ctx, typed: str) -> str:
    try:
        confirm_email(ctx.form.get("email", ""), typed)
    except InvalidField as error:
        if error.reason != "email_mismatch":
            raise invalid(ctx, error) from None
        ctx.say(ctx.t("efacture.email_mismatch"))
        return "email_mismatched"  # the first address may be the wrong one: ask both again
    ctx.form["email_confirmation"] = typed
    show_captcha(ctx)
    return "email_confirmed"


def already_registered(ctx: Ctx) -> Prompt:
    return Prompt(ctx.t("efacture.already_registered"), [
        Option("login", ctx.t("efacture.login_button")), Option("forgot", ctx.t("efacture.forgot_button")),
        Option("menu", ctx.t("efacture.menu_button"))])


def not_found(ctx: Ctx) -> Prompt:
    return Prompt(ctx.t("efacture.not_found"), [Option("retry", ctx.t("navigation.retry")),
                                               Option("menu", ctx.t("efacture.menu_button"))])


def after_not_found(ctx: Ctx, choice: str) -> str | None:
    """Retry: the same service, from its first field (the domain still limits the tries)."""
    if choice not in ("retry", "menu"):
        raise Invalid("engine.choose_option")
    if choice == "menu":
        ctx.finish()
        return None
    return "retried"


def after_already_registered(ctx: Ctx, choice: str) -> None:
    if choice not in ("login", "forgot", "menu"):
        raise Invalid("engine.choose_option")
    if choice == "login":
        ctx.start_flow("login")
    elif choice == "forgot":
        ctx.start_flow("forgot_password")
    else:
        ctx.finish()


FLOW = Flow(
    name="registration",
    title="Créer un compte e-facture",
    steps=[
        Step("service", prompt=ask_service, then=choose_service),
        Step("identifier", prompt=ask_identifier, parse=read_identifier, then=keep_identifier),
        Step("customer_number", prompt="efacture.reg_ask_customer_number", parse=read_customer_number,
             then=keep_customer_number),
        Step("payment_code", prompt="efacture.reg_ask_payment_code", parse=read_payment_code,
             then=keep_payment_code, secret=True),
        Step("login", prompt="efacture.reg_ask_login", then=keep_login),
        Step("email", prompt="efacture.reg_ask_email", parse=read_email, then=keep_email),
        Step("email_confirmation", prompt="efacture.reg_ask_email_confirmation", then=confirm),
        CAPTCHA_STEP,
        Step("already_registered", prompt=already_registered, then=after_already_registered),
        Step("not_found", prompt=not_found, then=after_not_found),
        Step("registered", prompt="efacture.reg_next", final=True),
    ],
    transitions=[
        ("service_chosen", "service", "identifier"),
        ("identifier_given", "identifier", "customer_number"),
        ("code_needed", ["identifier", "customer_number"], "payment_code"),
        ("eligible", ["customer_number", "payment_code"], "login"),
        ("already_registered", ["customer_number", "payment_code", "captcha"], "already_registered"),
        ("not_found", ["customer_number", "payment_code", "captcha"], "not_found"),
        ("retried", "not_found", "identifier"),
        ("login_chosen", "login", "email"),
        ("email_given", "email", "email_confirmation"),
        ("email_mismatched", "email_confirmation", "email"),
        ("email_confirmed", "email_confirmation", "captcha"),
        ("login_taken", "captcha", "login"),
        ("registered", "captcha", "registered"),
    ],
)
