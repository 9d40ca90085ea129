"""Créer un compte: a subscriber proves they hold a line and gets a one-time password.

Refusals, in the order they are checked (the order matters: nothing about a line is revealed
before its ownership is proven):
- InvalidField for a badly typed field (see identity.py and `parse_line_identifier`);
- "too_many_attempts": 5 failed ownership proofs for one identifier within 24 hours (counted
  whether the identifier exists or not, so it reveals nothing);
- "not_found": unknown line, wrong numéro client, wrong code de paiement, inactive line — one
  reason for all;
- "entreprise": companies register at their agence commerciale;
- "activated_this_month" (details: available_from, the first day of next month);
- "already_registered": the line already has an account;
- InvalidField("login", "login_taken").

Proof of ownership: the numéro client printed on an invoice for Mobile and Fixe; for Fixe and
Internet also the code de paiement (page 1 of the invoice, 5th line, left), because their password
goes to an email address typed in the form: the numéro client alone (for Internet it is the very
identifier) is too weak a proof. The flow never keeps the typed code: it passes a `CodeCheck`
(see `typed_code`), a predicate the domain asks "is this line's code the one typed?".

An Internet account covers every active INTERNET line of the numéro client and the FIXE lines of
a pack Duo under it that have no account of their own.
"""

from dataclasses import dataclass
from datetime import date, datetime

from domain.accounts import Account
from domain.clock import local_today
from domain.efacture.delivery import (
    Delivery,
    delivery_for,
    send_temporary_password,
    with_new_temporary_password,
)
from domain.efacture.errors import InvalidField
from domain.efacture.identity import confirm_email, parse_login
from domain.efacture.ports import NotificationTexts, PasswordHasher
from domain.efacture.proofs import CodeCheck, proven_lines
from domain.errors import InvalidCustomerNumber, InvalidPhoneNumber, Refused
from domain.lines import Line
from domain.phone import normalize_customer_number, normalize_msisdn, service_of_msisdn
from domain.ports import UnitOfWork
from domain.services import Segment, ServiceType


@dataclass(frozen=True, slots=True)
class RegistrationRequest:
    """What the form asks. `invoice_customer_number` is the proof for Mobile and Fixe;
    `payment_code_check` the extra proof for Fixe and Internet (see `typed_code`)."""

    service: ServiceType
    line_identifier: str
    login: str
    email: str
    email_confirmation: str
    invoice_customer_number: str | None = None
    language: str = "fr"
    payment_code_check: CodeCheck | None = None


@dataclass(frozen=True, slots=True)
class Registered:
    account: Account
    delivery: Delivery


def parse_line_identifier(service: ServiceType, raw: str) -> str:
    """The numéro d'appel (Mobile, Fixe) or the numéro client (Internet), normalised.

    A 05 number under Mobile (or 06/07 under Fixe) is a typing mistake we can name without
    revealing anything: the prefix alone tells the kind of line.
    """
    try:
        if service is ServiceType.INTERNET:
            return normalize_customer_number(raw)
        msisdn = normalize_msisdn(raw)
    except InvalidCustomerNumber:
        raise InvalidField("line_identifier", "customer_number_invalid") from None
    except InvalidPhoneNumber:
        raise InvalidField("line_identifier", "msisdn_invalid") from None
    if service_of_msisdn(msisdn) is not service:
        reason = "msisdn_not_mobile" if service is ServiceType.MOBILE else "msisdn_not_fixe"
        raise InvalidField("line_identifier", reason)
    return msisdn


def parse_invoice_customer_number(raw: str) -> str:
    try:
        return normalize_customer_number(raw)
    except InvalidCustomerNumber:
        raise InvalidField("customer_number", "customer_number_invalid") from None


def first_day_of_next_month(today: date) -> date:
    return date(today.year + today.month // 12, today.month % 12 + 1, 1)


async def check_eligibility(uow: UnitOfWork, service: ServiceType, line_identifier: str,
                            invoice_customer_number: str | None, now: datetime,
                            payment_code_check: CodeCheck | None = None) -> None:
    """Let a flow refuse early, before asking for a login and an email; `register` re-checks."""
    async with uow:
        await _eligible_lines(uow, service, line_identifier, invoice_customer_number, now,
                              payment_code_check)


async def check_login_available(uow: UnitOfWork, raw_login: str) -> str:
    """Let a flow re-ask a taken login at once; returns the login as it will be stored."""
    login = parse_login(raw_login)
    async with uow:
        if await uow.accounts.by_login(login) is not None:
            raise InvalidField("login", "login_taken")
    return login


async def register(uow: UnitOfWork, hasher: PasswordHasher, texts: NotificationTexts,
                   request: RegistrationRequest, now: datetime) -> Registered:
    identifier = parse_line_identifier(request.service, request.line_identifier)
    proof = _proof_of(request)
    login = parse_login(request.login)
    email = confirm_email(request.email, request.email_confirmation)
    async with uow:
        lines = await _eligible_lines(uow, request.service, identifier, proof, now,
                                      request.payment_code_check)
        if await uow.accounts.by_login(login) is not None:
            raise InvalidField("login", "login_taken")
        account = Account(None, login, "", request.service, tuple(line.id for line in lines), email,
                          True, now, language=request.language)
        account, password = await with_new_temporary_password(account, hasher, now)
        account = await uow.accounts.add(account)
        delivery = delivery_for(account, lines)
        if delivery is None:  # cannot happen: a Mobile line has a msisdn, the email was typed
            raise Refused("not_found")
        await send_temporary_password(uow, texts, account, password, delivery, now)
        await uow.commit()
    return Registered(account, delivery)


def _proof_of(request: RegistrationRequest) -> str | None:
    if request.service is ServiceType.INTERNET:
        return None
    return parse_invoice_customer_number(request.invoice_customer_number or "")


async def _eligible_lines(uow: UnitOfWork, service: ServiceType, identifier: str,
                          proof: str | None, now: datetime, code_check: CodeCheck | None) -> list[Line]:
    identifier = parse_line_identifier(service, identifier)
    proof = None if service is ServiceType.INTERNET else parse_invoice_customer_number(proof or "")
    lines = await proven_lines(uow, service, identifier, proof, code_check, now)
    if any(line.segment is Segment.ENTREPRISE for line in lines):
        raise Refused("entreprise")
    today = local_today(now)
    main = [line for line in lines if line.service is service]
    if all(_not_billed_yet(line, today) for line in main):
        first_activation = min(line.activation_date for line in main)
        raise Refused("activated_this_month",
                      available_from=first_day_of_next_month(max(today, first_activation)))
    covered = []
    for line in lines:
        has_account = await uow.accounts.by_line(line.id) is not None
        if has_account and line.service is service:
            raise Refused("already_registered")
        if not has_account:
            covered.append(line)
    return covered


def _not_billed_yet(line: Line, today: date) -> bool:
    """Activated this month (or later): no invoice exists yet, the guide says wait a month."""
    return line.activation_date >= today.replace(day=1)
