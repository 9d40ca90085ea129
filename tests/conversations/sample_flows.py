"""A small flow that exercises what the built-in flows do not: free text, secrets, system events."""

from conversations.context import Ctx
from conversations.flow import Answer, Flow, Invalid, Option, Prompt, Step


def ask_pin(ctx: Ctx) -> Prompt:
    return Prompt(f"Hello {ctx.form['name']}, choose a PIN (4 digits)", secret=True)


def read_pin(ctx: Ctx, answer: Answer) -> str:
    pin = (answer.text or "").strip()
    if not (pin.isdigit() and len(pin) == 4):
        raise Invalid("engine.not_understood")
    return pin


def keep_pin(ctx: Ctx, pin: str) -> str:
    ctx.remember_secret("pin", pin)
    return "pin_chosen"


def check_pin(ctx: Ctx, pin: str) -> str:
    return "pin_confirmed" if ctx.secret_matches("pin", pin) else "pin_mismatched"


def ask_payment(ctx: Ctx) -> Prompt:
    return Prompt("Waiting for the payment", [Option("pay", "Pay online", url="https://pay.example/1"),
                                              Option("check", "Check again")])


def payment_settled(ctx: Ctx, payload: dict[str, str]) -> str | None:
    if ctx.state != "waiting_payment":
        return None
    ctx.say(f"Paid, reference {payload.get('reference', '?')}")
    return "paid"


def ask_name(ctx: Ctx) -> Prompt:
    return Prompt("What is your name?")


def save_name(ctx: Ctx, name: str) -> str:
    ctx.form["name"] = name
    return "named"


PIN_FLOW = Flow(
    name="pin",
    steps=[
        Step("asking_name", prompt=ask_name, then=save_name),
        Step("asking_pin", prompt=ask_pin, parse=read_pin, then=keep_pin, secret=True),
        Step("confirming_pin", prompt=lambda ctx: Prompt("Type it again", secret=True), parse=read_pin,
             then=check_pin, secret=True),
        Step("waiting_payment", prompt=ask_payment, then=lambda ctx, value: None),
        Step("done", prompt=lambda ctx: Prompt("All done"), final=True),
    ],
    transitions=[
        ("named", "asking_name", "asking_pin"),
        ("pin_chosen", "asking_pin", "confirming_pin"),
        ("pin_mismatched", "confirming_pin", "asking_pin"),
        ("pin_confirmed", "confirming_pin", "waiting_payment"),
        ("paid", "waiting_payment", "done"),
    ],
    events={"payment_settled": payment_settled},
)


def broken_step(ctx: Ctx, value: str) -> str:
    raise RuntimeError(f"bug while handling {value}")


BROKEN_FLOW = Flow(name="broken", steps=[Step("asking", prompt=lambda ctx: Prompt("Say something"),
                                              then=broken_step)])


def count_input(ctx: Ctx, text: str) -> None:
    ctx.form["seen"] = [*ctx.form.get("seen", []), text]
    ctx.say(f"seen {len(ctx.form['seen'])}")


COUNTER_FLOW = Flow(name="counter", steps=[Step("counting", prompt=lambda ctx: Prompt("Send anything"),
                                               then=count_input)])


def half_done(ctx: Ctx, text: str) -> str:
    ctx.form["draft"] = text
    raise Invalid("engine.not_understood")


FICKLE_FLOW = Flow(name="fickle", steps=[Step("asking", prompt=lambda ctx: Prompt("Say it"), then=half_done)])
