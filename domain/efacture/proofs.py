"""Proofs that a subscriber holds a line: the numéro client printed on an invoice, and for
Fixe and Internet the code de paiement. Failed proofs are counted per identifier.

The flow never keeps the typed code: it passes a `CodeCheck`, a predicate the domain asks "is
this line's code the one that was typed?" (a flow compares HMACs; `typed_code` compares directly).
"""

import hmac
from collections.abc import Callable
from datetime import datetime, timedelta

from domain.efacture.attempt_keys import typed_key
from domain.efacture.errors import InvalidField
from domain.errors import Refused
from domain.lines import Line
from domain.ports import UnitOfWork
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
    return typed_key(f"efacture.registration_proof:{service.value}", identifier)


async def proven_lines(uow: UnitOfWork, service: ServiceType, identifier: str, proof: str | None,
                        code_check: CodeCheck | None, now: datetime) -> list[Line]:
    """`_owned_lines`, with failed proofs counted per identifier: guessing a numéro client or a
    code de paiement line by line stops after a few tries. The failure is committed at once
    (the caller's transaction is rolled back by the refusal). Proofs of one identifier take turns
    (`lock_key`), so parallel guesses are each counted."""
    key = proof_attempt_key(service, identifier)
    await uow.lock_key(key)
    if await uow.attempts.count_since(key, now - PROOF_WINDOW) >= PROOF_FAILURES_ALLOWED:
        raise Refused("too_many_attempts")
    try:
        return await _owned_lines(uow, service, identifier, proof, code_check)
    except Refused:
        await uow.attempts.record(key, now)
        await uow.commit()
        raise


async def _owned_lines(uow: UnitOfWork, service: ServiceType, identifier: str,
                       proof: str | None, code_check: CodeCheck | None) -> list[Line]:
    """The active lines the identifier (and proofs) designate, or one uniform "not_found"."""
    if service is ServiceType.INTERNET:
        lines = [line for line in await uow.lines.by_customer_number(identifier)
                 if line.is_active and line.service in (ServiceType.INTERNET, ServiceType.FIXE)]
        # A pack Duo has one invoice: the code printed on it may be the Fixe line's or the Internet's.
        if any(line.service is ServiceType.INTERNET for line in lines) and _code_proven(lines, code_check):
            return lines
        raise Refused("not_found")
    line = await uow.lines.by_msisdn(identifier)
    if (line is None or not line.is_active or line.service is not service
            or not hmac.compare_digest(line.customer_number.encode(), (proof or "").encode())
            or (needs_payment_code(service) and not _code_proven([line], code_check))):
        raise Refused("not_found")
    return [line]


def _code_proven(lines: list[Line], code_check: CodeCheck | None) -> bool:
    if code_check is None:
        return False
    # Check every line (no early exit): the time taken does not depend on which one matched.
    results = [code_check(line.payment_code) for line in lines]
    return any(results)
