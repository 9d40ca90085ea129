"""The end of Créer un compte: the captcha ("inscrivez les caractères proposés") and the registration
itself once it is read right. Only an HMAC of the answer is kept in the form; a wrong answer
gets a new image, and the third wrong one ends the registration."""

from conversations.context import Ctx
from conversations.flow import Answer, Invalid, Option, Prompt, Step
from conversations.flows.efacture.common import (
    invalid,
    mask_email,
    mask_msisdn,
    refusal_text,
    services,
    with_menu_hint,
)
from conversations.messages import image
from domain.efacture.errors import InvalidField
from domain.efacture.proofs import needs_payment_code
from domain.efacture.registration import RegistrationRequest, register
from domain.errors import Refused
from domain.ports import Channel
from domain.services import ServiceType

CAPTCHA_TRIES = 3
MAX_IMAGES = 6  # wrong answers and "another image" together
NEW_IMAGE = "new"


def service_of(ctx: Ctx) -> ServiceType:
    return ServiceType(ctx.form.get("service", ServiceType.MOBILE.value))


def code_check(ctx: Ctx):
    """What the domain asks instead of the typed code: only its HMAC is kept in the form."""
    if not needs_payment_code(service_of(ctx)):
        return None
    return lambda actual: ctx.secret_matches("payment_code", actual)


RETRYABLE = ("already_registered", "not_found")


def refuse(ctx: Ctx, refused: Refused) -> str | None:
    """Entreprise, activated this month, too many tries: say it and go back to the menu. A line
    that already has an account gets buttons to log in or get a new password; details that do not
    match ("not_found") may be typed again for the same service."""
    if refused.reason in RETRYABLE:
        return refused.reason
    ctx.say(refusal_text(ctx, refused))
    ctx.finish()
    return None


def where_sent(ctx: Ctx, channel: Channel, recipient: str) -> str:
    if channel is Channel.SMS:
        return ctx.t("efacture.reg_password_sent_sms", msisdn=mask_msisdn(recipient))
    return ctx.t("efacture.reg_password_sent_email", email=mask_email(recipient))


def canonical(text: str) -> str:
    """Captchas are read by people: letter case and spaces do not matter."""
    return "".join((text or "").split()).upper()


def show_captcha(ctx: Ctx) -> None:
    captcha = services(ctx).captcha()
    ctx.remember_secret("captcha", canonical(captcha.answer))
    ctx.form["captcha_images"] = int(ctx.form.get("captcha_images", 0)) + 1
    ctx.say(image(captcha.png, "captcha.png", caption=ctx.t("efacture.reg_captcha_caption")))


def ask_captcha(ctx: Ctx) -> Prompt:
    """The image went just before; a button draws another (a few times) for an unreadable one."""
    more = ctx.form.get("captcha_images", 1) < MAX_IMAGES
    if not more:  # nothing to tap: the engine adds the /menu hint itself
        return Prompt(ctx.t("efacture.reg_ask_captcha"))
    return Prompt(with_menu_hint(ctx, ctx.t("efacture.reg_ask_captcha")),
                  [Option(NEW_IMAGE, ctx.t("efacture.reg_captcha_new"))])


def read_captcha(ctx: Ctx, answer: Answer) -> str | None:
    if answer.choice == NEW_IMAGE:
        return None
    typed = canonical(answer.text or "")
    if not typed or len(typed) > 20:
        raise Invalid("efacture.reg_captcha_expected")
    return typed


async def check_captcha(ctx: Ctx, typed: str | None) -> str | None:
    if typed is None:
        if ctx.form.get("captcha_images", 1) < MAX_IMAGES:
            show_captcha(ctx)
        return None
    if ctx.secret_matches("captcha", typed):
        return await create_account(ctx)
    tries = int(ctx.form.get("captcha_tries", 0)) + 1
    ctx.form["captcha_tries"] = tries
    if tries >= CAPTCHA_TRIES:
        ctx.say(ctx.t("efacture.reg_captcha_too_many"))
        ctx.finish()
        return None
    ctx.say(ctx.t("efacture.reg_captcha_wrong", left=CAPTCHA_TRIES - tries))
    show_captcha(ctx)
    return None


FORM_FIELDS = ("service", "identifier", "login", "email", "email_confirmation")


async def create_account(ctx: Ctx) -> str | None:
    form = ctx.form
    if any(name not in form for name in FORM_FIELDS):  # a form from an older version of the flow
        ctx.say(ctx.t("engine.restarted"))
        ctx.finish()
        return None
    request = RegistrationRequest(ServiceType(form["service"]), form["identifier"], form["login"],
                                  form["email"], form["email_confirmation"], form.get("customer_number"),
                                  ctx.language, code_check(ctx))
    try:
        registered = await register(services(ctx).uow(), services(ctx).hasher, services(ctx).texts,
                                    request, ctx.now)
    except InvalidField as error:
        if error.field != "login":
            raise invalid(ctx, error) from None
        ctx.say(refusal_text(ctx, error))
        form.pop("captcha_tries", None)
        return "login_taken"
    except Refused as refused:
        return refuse(ctx, refused)
    ctx.say(where_sent(ctx, registered.delivery.channel, registered.delivery.recipient))
    return "registered"


CAPTCHA_STEP = Step("captcha", prompt=ask_captcha, parse=read_captcha, then=check_captcha)
