"""Moroccan call numbers (numéros d'appel) and customer numbers (numéros client)."""

import re

from domain.errors import InvalidCustomerNumber, InvalidPhoneNumber
from domain.services import ServiceType

_SEPARATORS = re.compile(r"[\s.\-()/]")
_NATIONAL = re.compile(r"0[5-7]\d{8}")
CUSTOMER_NUMBER = re.compile(r"\d{6,12}")


def normalize_msisdn(raw: str) -> str:
    """Return the national form 0XXXXXXXXX of a Moroccan number written in any usual way.

    Accepts 0612345678, 06 12 34 56 78, 06-12-34-56-78, +212612345678, 00212612345678,
    212612345678 and +212 (0)6 12 34 56 78.
    """
    digits = _SEPARATORS.sub("", raw or "")
    if digits.startswith("+"):
        digits = digits[1:]
    if digits.startswith("00212"):
        digits = digits[5:]
    elif digits.startswith("212") and len(digits) >= 12:
        digits = digits[3:]
    if not digits.startswith("0"):
        digits = "0" + digits
    if digits.startswith("00"):
        digits = digits[1:]
    if not _NATIONAL.fullmatch(digits):
        raise InvalidPhoneNumber(raw)
    return digits


def service_of_msisdn(national: str) -> ServiceType:
    """06 and 07 are mobile numbers; 05 numbers are fixed lines."""
    return ServiceType.FIXE if national.startswith("05") else ServiceType.MOBILE


def international(national: str) -> str:
    """0612345678 -> +212612345678 (the form SMS gateways use)."""
    return "+212" + national[1:]


def display_msisdn(national: str) -> str:
    """0612345678 -> "06 12 34 56 78"."""
    return " ".join(national[i : i + 2] for i in range(0, 10, 2))


def normalize_customer_number(raw: str) -> str:
    digits = _SEPARATORS.sub("", raw or "")
    if not CUSTOMER_NUMBER.fullmatch(digits):
        raise InvalidCustomerNumber(raw)
    return digits
