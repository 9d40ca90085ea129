"""Card numbers typed in a chat: detected before any flow sees the text.

A payment card number (PAN) is 13 to 19 digits passing the Luhn check. People write it in one
piece or in groups, and apps paste it with all sorts of separators: spaces (also no-break and
thin spaces, U+00A0 / U+202F), tabs, line breaks, dots, dashes, slashes, commas, underscores. So a
"run" here is digit groups joined by ANY characters that are neither letters nor digits (`[\\W_]+`);
a letter ends the run. Digits of every script count (Arabic-Indic ٤١١١, full-width ４１１１): each
is read by its numeric value, so "٤١١١ ١١١١ ١١١١ ١١١١" is caught like "4111 1111 1111 1111".

A candidate is a slice of whole groups (it starts and ends at group boundaries), as a written
card number is never glued to other digits.

Candidates whose first digit is 0 are skipped on purpose. The first digit of a PAN is its major
industry identifier (ISO/IEC 7812-1), and 0 is "ISO/TC 68 and other industry assignments": no
card network issues PANs there (Visa 4, Mastercard 2 and 5, Amex/Diners/JCB 3, Discover/UnionPay/
Maestro 6, ...). The numbers our users type that start with 0 are the ones the bot asks for: line
numbers (06/07...) and the 16-digit invoice numbers of Maroc Telecom (0000171682062019), 1 in 10
of which would otherwise pass Luhn and be deleted.

Cost: the regex is linear (separator and digit classes are disjoint, so no backtracking blow-up)
and each run is checked with prefix sums, at most 19 ends per start: a 10,000-character message
costs a few milliseconds whatever it contains.
"""

import re
import unicodedata
from bisect import bisect_left, bisect_right
from itertools import accumulate

_RUN = re.compile(r"\d+(?:[\W_]+\d+)*")
_GROUP = re.compile(r"\d+")
_DOUBLED = (0, 2, 4, 6, 8, 1, 3, 5, 7, 9)
_ASCII = frozenset("0123456789")
_MIN, _MAX = 13, 19


def luhn_valid(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = unicodedata.digit(char)
        total += _DOUBLED[value] if index % 2 else value
    return total % 10 == 0


def _values(digits: str) -> list[int]:
    if _ASCII.issuperset(digits):
        return [ord(c) - 48 for c in digits]
    return [unicodedata.digit(c) for c in digits]  # \d matches every script's decimal digits


class _LuhnSums:
    """Prefix sums so the Luhn sum of any slice costs O(1)."""

    def __init__(self, values: list[int]) -> None:
        # by_parity[p][i]: sum of the values before i, doubled where the position's parity is p.
        self.by_parity = [
            [0, *accumulate(_DOUBLED[v] if i % 2 == p else v for i, v in enumerate(values))] for p in (0, 1)
        ]

    def valid(self, start: int, end: int) -> bool:
        # Doubled positions are every second one counting from the right end, excluded.
        sums = self.by_parity[(end - 2) % 2]
        return (sums[end] - sums[start]) % 10 == 0


def _run_has_card(run: str) -> bool:
    groups = _GROUP.findall(run)
    values = _values("".join(groups))
    if len(values) < _MIN:
        return False
    bounds = [0, *accumulate(len(g) for g in groups)]
    sums = _LuhnSums(values)
    for first, start in enumerate(bounds[:-1]):
        if values[start] == 0:
            continue
        # The group ends that make a candidate of 13 to 19 digits from this start.
        low = bisect_left(bounds, start + _MIN, first + 1)
        high = bisect_right(bounds, start + _MAX, low)
        if any(sums.valid(start, end) for end in bounds[low:high]):
            return True
    return False


def contains_card_number(text: str | None) -> bool:
    if not text:
        return False
    # A run shorter than 13 characters cannot hold 13 digits: skipped without a call.
    return any(_run_has_card(run.group()) for run in _RUN.finditer(text) if run.end() - run.start() >= _MIN)
