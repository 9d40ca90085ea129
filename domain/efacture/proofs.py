"""Proofs that a subscriber holds a line, besides the numéro client: the code de paiement.

The flow never keeps the typed code: it passes a `CodeCheck`, a predicate the domain asks "is
this line's code the one that was typed?" (a flow compares HMACs; `typed_code` compares directly).
"""

import hmac
from collections.abc import Callable
from datetime import timedelta

from domain.efacture.errors import InvalidField
from domain.services import ServiceType

CodeCheck = Callable[[str], bool]
PROOF_FAILURES_ALLOWED = 5
PROOF_WINDOW = timedelta(hours=24)
PAYMENT_CODE_LENGTHS = range(4, 9)


def needs_payment_code(service: ServiceType) -> bool:
    return service is not ServiceType.MOBILE


def parse_payment_code(raw: str) -> str:
    """The code de paiement as printed (digits; spaces ignored)."""
    code = "".join((raw or "").split())
    if not (code.isdigit() and len(code) in PAYMENT_CODE_LENGTHS):
        raise InvalidField("payment_code", "payment_code_invalid")
    return code


def typed_code(raw: str) -> CodeCheck:
    """The check for a code typed just now (tests, or a flow that still has it): constant time."""
    typed = "".join((raw or "").split()).encode()
    return lambda actual: hmac.compare_digest(actual.encode(), typed)


def proof_attempt_key(service: ServiceType, identifier: str) -> str:
    return f"efacture.registration_proof:{service.value}:{identifier[:32]}"
