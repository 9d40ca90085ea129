"""Card numbers typed in a chat: detected before any flow sees the text.

A payment card number is 13 to 19 digits, possibly grouped by spaces or dashes, and passes the
Luhn check. Numbers starting with 0 are skipped on purpose: no card network issues them, and the
16-digit invoice numbers of Maroc Telecom (0000171682062019) start with zeros.
"""

import re
from itertools import accumulate

_RUN = re.compile(r"\d[\d \-]*\d")
_GROUP = re.compile(r"\d+")
_DOUBLED = (0, 2, 4, 6, 8, 1, 3, 5, 7, 9)


def luhn_valid(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        total += _DOUBLED[int(char)] if index % 2 else int(char)
    return total % 10 == 0


class _LuhnSums:
    """Prefix sums so the Luhn sum of any slice costs O(1): a 10,000-character message of
    digits and spaces is checked in milliseconds, not seconds."""

    def __init__(self, digits: str) -> None:
        values = [int(c) for c in digits]
        # by_parity[p][i]: sum of digits before i, doubled where the position's parity is p.
        self.by_parity = [
            [0, *accumulate(_DOUBLED[v] if i % 2 == p else v for i, v in enumerate(values))] for p in (0, 1)
        ]

    def valid(self, start: int, end: int) -> bool:
        # Doubled positions are every second one counting from the right end, excluded.
        doubled_parity = (end - 2) % 2
        sums = self.by_parity[doubled_parity]
        return (sums[end] - sums[start]) % 10 == 0


def _run_has_card(run: str) -> bool:
    groups = _GROUP.findall(run)
    digits = "".join(groups)
    if len(digits) < 13:
        return False
    bounds = [0, *accumulate(len(g) for g in groups)]
    sums = _LuhnSums(digits)
    for first, start in enumerate(bounds[:-1]):
        if digits[start] == "0":
            continue
        for end in bounds[first + 1:]:
            length = end - start
            if length > 19:
                break
            if length >= 13 and sums.valid(start, end):
                return True
    return False


def contains_card_number(text: str | None) -> bool:
    if not text:
        return False
    return any(_run_has_card(run.group()) for run in _RUN.finditer(text))
