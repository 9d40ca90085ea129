"""The code fidélio composed on a keypad of buttons, as on the web form: the digits never appear
as a message, the prompt shows them masked (•••).

The form never holds the digits: each position keeps an HMAC of "position:digit" (ctx.remember_secret,
keyed by the engine's secret), and the check asks, for a line's real code, whether every position's
HMAC matches. Only the count of digits typed is kept in clear.
"""

from conversations.context import Ctx
from conversations.flow import Answer, Invalid, Option, Prompt
from domain.efacture.proofs import CodeCheck

MIN_DIGITS, MAX_DIGITS = 4, 8
COUNT = "keypad"
DOT = "•"
ERASE, VALIDATE = "del", "ok"


def typed_count(ctx: Ctx) -> int:
    count = ctx.form.get(COUNT)
    return count if isinstance(count, int) and 0 <= count <= MAX_DIGITS else 0


def _name(position: int) -> str:
    return f"keypad{position}"


def press_digit(ctx: Ctx, digit: str) -> None:
    count = typed_count(ctx)
    if count < MAX_DIGITS:
        ctx.remember_secret(_name(count), f"{count}:{digit}")
        ctx.form[COUNT] = count + 1


def erase(ctx: Ctx) -> None:
    # The HMAC at the erased position stays until overwritten; only positions below the count count.
    ctx.form[COUNT] = max(0, typed_count(ctx) - 1)


def clear(ctx: Ctx) -> None:
    ctx.form[COUNT] = 0
    for position in range(MAX_DIGITS):
        ctx.form.pop(f"secret:{_name(position)}", None)


def code_check(ctx: Ctx) -> CodeCheck:
    count = typed_count(ctx)

    def matches(actual: str) -> bool:
        # Every position is compared (no early exit), so the time does not say how many were right.
        results = [ctx.secret_matches(_name(i), f"{i}:{c}") for i, c in enumerate(actual[:count])]
        return len(actual) == count and all(results)

    return matches


def keypad_prompt(ctx: Ctx, text_key: str) -> Prompt:
    count = typed_count(ctx)
    shown = DOT * count if count else ctx.t("payment.keypad_empty")
    digits = [Option(f"d{d}", str(d), str(d)) for d in range(10)]
    rows = [digits[1:4], digits[4:7], digits[7:10],
            [Option(ERASE, "⌫", "x"), digits[0], Option(VALIDATE, "✔", "ok")]]
    return Prompt(ctx.t(text_key, typed=shown), rows)


def read_key(ctx: Ctx, answer: Answer) -> str:
    if answer.choice is None:
        raise Invalid("payment.keypad_use_buttons")
    return answer.choice


def apply_key(ctx: Ctx, key: str) -> bool:
    """Apply a digit or ⌫; True when the key is ✔ (validate) with enough digits."""
    if key == VALIDATE:
        if typed_count(ctx) < MIN_DIGITS:
            raise Invalid("payment.keypad_too_short", min=MIN_DIGITS)
        return True
    if key == ERASE:
        erase(ctx)
    elif len(key) == 2 and key[0] == "d" and key[1].isdigit():
        press_digit(ctx, key[1])
    return False
