"""HASH "ver3": SHA-512 over the natcasesort-ordered, escaped values plus the store key.

Spec: specs/cmi-hosted-payment.md section 2. The order is PHP `natcasesort` (names upper-cased,
digit runs compared as numbers, everything else by code point, so `_` sorts after letters).
"""

import base64
import hashlib
import hmac
import html
from collections.abc import Iterable, Mapping
from functools import cmp_to_key

EXCLUDED = frozenset({"hash", "encoding"})
_DIGITS = "0123456789"


def natcase_compare(a: str, b: str) -> int:
    """PHP strnatcasecmp, restricted to what parameter names contain."""
    a, b = a.upper(), b.upper()
    i = j = 0
    while i < len(a) and j < len(b):
        if a[i] in _DIGITS and b[j] in _DIGITS:
            i_end, j_end = _digit_run_end(a, i), _digit_run_end(b, j)
            left, right = a[i:i_end], b[j:j_end]
            if "0" in (left[0], right[0]):
                # PHP compares runs with a leading zero digit by digit, like decimals ("compare_left").
                order = (left > right) - (left < right)
            else:
                order = (int(left) > int(right)) - (int(left) < int(right))
            if order:
                return order
            i, j = i_end, j_end
            continue
        if a[i] != b[j]:
            return -1 if a[i] < b[j] else 1
        i, j = i + 1, j + 1
    rest = (len(a) - i) - (len(b) - j)
    return (rest > 0) - (rest < 0)


def _digit_run_end(text: str, start: int) -> int:
    end = start
    while end < len(text) and text[end] in _DIGITS:
        end += 1
    return end


def sorted_names(names: Iterable[str]) -> list[str]:
    return sorted(names, key=cmp_to_key(natcase_compare))


def escape(value: str) -> str:
    # Backslash first, otherwise the backslash added before a pipe would be doubled.
    return value.replace("\\", "\\\\").replace("|", "\\|")


def preimage(fields: Mapping[str, str], store_key: str) -> str:
    names = [name for name in fields if name.lower() not in EXCLUDED]
    return "".join(escape(fields[name]) + "|" for name in sorted_names(names)) + escape(store_key)


def compute_hash(fields: Mapping[str, str], store_key: str) -> str:
    digest = hashlib.sha512(preimage(fields, store_key).encode("utf-8")).digest()
    return base64.b64encode(digest).decode("ascii")


def posted_hash(fields: Mapping[str, str]) -> str | None:
    """The HASH field, whatever its case (some integrations send `hash`)."""
    for name, value in fields.items():
        if name.lower() == "hash":
            return value
    return None


def _kit_normalised(fields: Mapping[str, str]) -> dict[str, str]:
    """The CMI kit's callback-side leniency: strip one trailing newline, decode HTML entities."""
    return {name: html.unescape(value[:-1] if value.endswith("\n") else value)
            for name, value in fields.items()}


def verified_fields(fields: Mapping[str, str], store_key: str) -> Mapping[str, str] | None:
    """The field set the posted HASH signs, or None: act on THESE values, never on others.

    The raw values are tried first. The kit's lenient form (one trailing newline stripped, HTML
    entities decoded) is accepted too, and then it is that form which is returned: otherwise a
    re-encoded copy of a genuine callback (`ProcReturnCode=&#48;0`, still signed as "00") would
    verify and be read as a different verdict.
    """
    received = posted_hash(fields)
    if not received or not store_key:
        return None
    lenient = _kit_normalised(fields)
    given = received.encode("utf-8", "replace")
    # Both comparisons always run, so the time does not depend on which one matched.
    raw_ok, lenient_ok = (hmac.compare_digest(compute_hash(candidate, store_key).encode("ascii"), given)
                          for candidate in (fields, lenient))
    if raw_ok:
        return fields
    return lenient if lenient_ok else None


def verify(fields: Mapping[str, str], store_key: str) -> bool:
    """Constant-time check of the posted HASH over whatever fields arrived."""
    return verified_fields(fields, store_key) is not None
