"""Choice ids that know which step they belong to.

A button's id is "<token>|<value>": the token is the step-entry counter of the conversation in
base 36 plus a short hash of "flow.state". A press on a button of an older step, of a step before
a restart or a deploy, or a forged id does not match the current token and is answered with
"this button has expired" and the current step, never an error. Ids stay within Telegram's 64 bytes.
"""

import zlib

from conversations.flow import Option
from conversations.messages import Choice

MAX_ID_BYTES = 64
_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


def _base36(number: int) -> str:
    number %= 36**4
    out = ""
    while True:
        number, rest = divmod(number, 36)
        out = _DIGITS[rest] + out
        if not number:
            return out


def step_token(flow: str, state: str, entry: int) -> str:
    return f"{_base36(entry)}{zlib.crc32(f'{flow}.{state}'.encode()) & 0xFFFF:04x}"


def choice_id(token: str, value: str) -> str:
    cid = f"{token}|{value}"
    if len(cid.encode()) > MAX_ID_BYTES:
        raise ValueError(f"choice id longer than {MAX_ID_BYTES} bytes: shorten the option value {value!r}")
    return cid


def to_choice(token: str, option: Option) -> Choice:
    if option.url:
        return Choice(id=choice_id(token, option.value), label=option.label, url=option.url)
    return Choice(id=choice_id(token, option.value), label=option.label, keyword=option.keyword)


def read_choice(cid: str, token: str, offered: list[list[str]]) -> str | None:
    """The option value of a pressed button if it belongs to the current step, else None."""
    given, sep, value = cid.partition("|")
    if not sep or given != token:
        return None
    return value if any(entry[0] == value for entry in offered) else None


def match_typed(text: str, offered: list[list[str]]) -> str | None:
    """A typed keyword, label or position (any case, spaces around ignored) selects its option."""
    wanted = text.strip().casefold()
    if not wanted or len(wanted) > 200:
        return None
    for value, keyword, label, *position in offered:
        if wanted in (label.casefold(), keyword.casefold(), *position) and wanted:
            return value
    return None
