"""Who pays without an account: the lines found by a number and the code printed on the invoice.

The payment guide's form: the numéro d'appel (Fixe, Mobile) or the numéro client (Internet), then
the code de paiement (Fixe, Internet) or the code fidélio (Mobile). Three wrong tries block that
number for 15 minutes. An unknown number and a wrong code are one and the same failure (same
answer, same count), so nobody can learn which numbers exist by trying them.

The caller never hands the code over: it passes a `CodeCheck` ("is this line's code the one that
was typed?"), so a flow may compare HMACs of a code composed on a keypad.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from domain.efacture.attempt_keys import typed_key
from domain.efacture.proofs import CodeCheck
from domain.errors import Refused
from domain.invoices import Invoice
from domain.lines import Line
from domain.ports import UnitOfWork, UnitOfWorkFactory
from domain.services import ServiceType

MAX_TRIES = 3
BLOCK = timedelta(minutes=15)
IDENTIFICATION_FAILED = "identification_failed"  # details: tries_left
IDENTIFICATION_BLOCKED = "identification_blocked"  # details: minutes
_DUMMY_CODE = "00000000"


@dataclass(frozen=True, slots=True)
class Payer:
    """The lines whose invoices may be paid, and their unpaid invoices (oldest first)."""

    service: ServiceType
    msisdn: str | None
    customer_number: str
    line_ids: tuple[int, ...]
    invoices: tuple[Invoice, ...]
    email: str | None = None


def failure_key(service: ServiceType, identifier: str) -> str:
    """Keyed by a digest: the attempts table never holds what was typed."""
    return typed_key(f"payment.identify:{service.value}", identifier)


def block_key(service: ServiceType, identifier: str) -> str:
    return failure_key(service, identifier) + ":blocked"


def _code_matches(check: CodeCheck, actual: str) -> bool:
    # The check compares in constant time; run it even for no line, so timing says nothing.
    return bool(check(actual or _DUMMY_CODE))


async def _candidates(uow: UnitOfWork, service: ServiceType, identifier: str) -> list[Line]:
    if service is ServiceType.INTERNET:
        return [line for line in await uow.lines.by_customer_number(identifier)
                if line.service is ServiceType.INTERNET]
    line = await uow.lines.by_msisdn(identifier)
    return [line] if line is not None and line.service is service else []


def _unpaid_sorted(invoices: Sequence[Invoice], line_ids: Sequence[int]) -> tuple[Invoice, ...]:
    mine = [i for i in invoices if i.is_payable and i.line_id in line_ids]
    return tuple(sorted(mine, key=lambda i: (i.period, i.number)))


class PayerIdentification:
    def __init__(self, uow_factory: UnitOfWorkFactory) -> None:
        self._uow_factory = uow_factory

    async def identify(self, service: ServiceType, identifier: str, check: CodeCheck, now: datetime) -> Payer:
        """The payer, or Refused(IDENTIFICATION_FAILED, tries_left=n) / Refused(IDENTIFICATION_BLOCKED).

        Tries on one number take turns (`lock_key`, held until the failure is committed), so
        tries sent in parallel from many chats are each checked against the count."""
        async with self._uow_factory() as uow:
            await uow.lock_key(failure_key(service, identifier))
            if await uow.attempts.count_since(block_key(service, identifier), now - BLOCK) > 0:
                raise Refused(IDENTIFICATION_BLOCKED, minutes=int(BLOCK.total_seconds() // 60))
            lines = await _candidates(uow, service, identifier)
            outcomes = [_code_matches(check, line.payment_code) for line in lines] or [_code_matches(check, "")]
            matched = [line for line, ok in zip(lines, outcomes, strict=False) if ok]
            if not matched:
                await self._count_failure(uow, service, identifier, now)
            await uow.attempts.clear(failure_key(service, identifier))
            line_ids = tuple(line.id for line in matched if line.id is not None)
            invoices = _unpaid_sorted(await uow.invoices.unpaid_for_lines(line_ids), line_ids)
            await uow.commit()
        first = matched[0]
        msisdn = first.msisdn if service is not ServiceType.INTERNET else None
        return Payer(service, msisdn, first.customer_number, line_ids, invoices)

    async def _count_failure(self, uow: UnitOfWork, service: ServiceType, identifier: str, now: datetime) -> None:
        key = failure_key(service, identifier)
        await uow.attempts.record(key, now)
        failures = await uow.attempts.count_since(key, now - BLOCK)
        if failures >= MAX_TRIES:
            # The block starts at the third failure and lasts BLOCK, whatever the earlier tries' times.
            await uow.attempts.clear(key)
            await uow.attempts.record(block_key(service, identifier), now)
            await uow.commit()
            raise Refused(IDENTIFICATION_BLOCKED, minutes=int(BLOCK.total_seconds() // 60))
        await uow.commit()
        raise Refused(IDENTIFICATION_FAILED, tries_left=MAX_TRIES - failures)

    async def unpaid(self, line_ids: Sequence[int]) -> tuple[Invoice, ...]:
        """The still-unpaid invoices of lines already identified (to start again after a refusal)."""
        async with self._uow_factory() as uow:
            return _unpaid_sorted(await uow.invoices.unpaid_for_lines(list(line_ids)), line_ids)

    async def for_account(self, account_id: int, numbers: Sequence[str] = ()) -> Payer | None:
        """A logged-in e-facture account's unpaid invoices, limited to `numbers` when given."""
        async with self._uow_factory() as uow:
            account = await uow.accounts.get(account_id)
            if account is None:
                return None
            invoices = _unpaid_sorted(await uow.invoices.unpaid_for_lines(account.line_ids), account.line_ids)
        if numbers:
            wanted = set(numbers)
            invoices = tuple(i for i in invoices if i.number in wanted)
        msisdns = {i.msisdn for i in invoices}
        customer = invoices[0].customer_number if invoices else ""
        return Payer(account.service, msisdns.pop() if len(msisdns) == 1 else None, customer,
                     tuple(account.line_ids), invoices, account.email)

