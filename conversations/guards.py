"""Card numbers typed in a chat: detected before any flow sees the text.

A payment card number is 13 to 19 digits, possibly grouped by spaces or dashes, and passes the
Luhn check. Numbers starting with 0 are skipped on purpose: no card network issues them, and the
16-digit invoice numbers of Maroc Telecom (0000171682062019) start with zeros.
"""

import re

_RUN = re.compile(r"\d[\d \-]*\d")
_GROUP = re.compile(r"\d+")


def luhn_valid(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def _spans(groups: list[str]):
    """Every run of consecutive digit groups whose length could be a card number."""
    for start in range(len(groups)):
        digits = ""
        for group in groups[start:]:
            digits += group
            if len(digits) > 19:
                break
            if len(digits) >= 13:
                yield digits


def contains_card_number(text: str | None) -> bool:
    if not text:
        return False
    for run in _RUN.finditer(text):
        groups = _GROUP.findall(run.group())
        for digits in _spans(groups):
            if digits[0] != "0" and luhn_valid(digits):
                return True
    return False
