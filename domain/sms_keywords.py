"""The SMS keyword service of the short number 1117: what a subscriber's SMS asks, what to answer.

A subscriber texts CODE, FACTURE or AIDE (any case, spaces around, accents or not; Arabic and
English words too) from their phone. The answer is a text key of the "sms" catalog plus its
values; the edge renders it in the line's language and sends it. Nothing here says whether a
number exists: every refusal reads the same for an unknown number, a Fixe line or a suspended one.
"""

import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Protocol

from domain.errors import InvalidPhoneNumber
from domain.lines import Line
from domain.money import format_dh
from domain.phone import normalize_msisdn
from domain.ports import Channel, OutgoingMessage, UnitOfWork, UnitOfWorkFactory
from domain.services import ServiceType

DEFAULT_LANGUAGE = "fr"
LANGUAGES = ("fr", "ar", "en")


class Keyword(StrEnum):
    CODE = "CODE"
    FACTURE = "FACTURE"
    AIDE = "AIDE"
    UNKNOWN = "UNKNOWN"


# Normalised word -> (keyword, language the word is written in, if it tells one).
_WORDS: dict[str, tuple[Keyword, str | None]] = {
    "code": (Keyword.CODE, None),
    "facture": (Keyword.FACTURE, "fr"),
    "factures": (Keyword.FACTURE, "fr"),
    "bill": (Keyword.FACTURE, "en"),
    "invoice": (Keyword.FACTURE, "en"),
    "aide": (Keyword.AIDE, "fr"),
    "help": (Keyword.AIDE, "en"),
    "رمز": (Keyword.CODE, "ar"),
    "كود": (Keyword.CODE, "ar"),
    "فاتورة": (Keyword.FACTURE, "ar"),
    "الفاتورة": (Keyword.FACTURE, "ar"),
    "مساعدة": (Keyword.AIDE, "ar"),
}


def normalise_word(text: str) -> str:
    """' Facturé ' -> 'facture': trimmed, case-folded, accents and Arabic diacritics removed."""
    decomposed = unicodedata.normalize("NFKD", (text or "").strip().casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", " ".join(bare.split()))


def parse_keyword(text: str) -> tuple[Keyword, str | None]:
    """The whole message must be the keyword ('codes' or 'code svp' are not CODE)."""
    return _WORDS.get(normalise_word(text), (Keyword.UNKNOWN, None))


@dataclass(frozen=True, slots=True)
class SmsReply:
    """What to answer: a key of the sms catalog ("sms.code"...), its values and the language."""

    key: str
    language: str
    values: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class SmsLimits:
    """At most `code_requests` CODE (or FACTURE) answers per sender within `window`."""

    code_requests: int = 5
    invoice_requests: int = 5
    window: timedelta = timedelta(hours=1)


def code_limit_key(msisdn: str) -> str:
    return f"sms:code:{msisdn}"


def invoice_limit_key(msisdn: str) -> str:
    return f"sms:facture:{msisdn}"


def sms_amount(amount: Decimal, language: str) -> str:
    """769.2 -> '769,20 DH' (plain spaces: the narrow no-break space is not in the GSM alphabet)."""
    return format_dh(amount, decimal_sep="." if language == "en" else ",", thousands_sep=" ")


def sms_date(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def language_of(line: Line | None, hint: str | None) -> str:
    """The subscriber's language when known, else the language of the word typed, else French."""
    for candidate in (line.language if line else None, hint):
        if candidate in LANGUAGES:
            return candidate
    return DEFAULT_LANGUAGE


def can_receive_code(line: Line | None) -> bool:
    return line is not None and line.is_active and line.service is ServiceType.MOBILE


async def _within_limit(uow: UnitOfWork, key: str, limit: int, now: datetime, window: timedelta) -> bool:
    """Count this request; refuse once `limit` requests were counted in the window. The key lock
    makes count-then-record atomic across processes (parallel requests cannot slip past the limit)."""
    await uow.lock_key(key)
    if await uow.attempts.count_since(key, now - window) >= limit:
        return False
    await uow.attempts.record(key, now)
    return True


async def _find_line(uow: UnitOfWork, sender: str) -> tuple[str | None, Line | None]:
    try:
        msisdn = normalize_msisdn(sender)
    except InvalidPhoneNumber:
        return None, None
    return msisdn, await uow.lines.by_msisdn(msisdn)


async def answer_sms(uow_factory: UnitOfWorkFactory, sender: str, text: str, now: datetime,
                     limits: SmsLimits = SmsLimits()) -> SmsReply:
    """The responder use case: one incoming SMS -> the one reply to send back."""
    keyword, hint = parse_keyword(text)
    async with uow_factory() as uow:
        msisdn, line = await _find_line(uow, sender)
        language = language_of(line, hint)
        if keyword is Keyword.CODE:
            reply = await _answer_code(uow, msisdn, line, language, now, limits)
        elif keyword is Keyword.FACTURE:
            reply = await _answer_invoice(uow, msisdn, line, language, now, limits)
        elif keyword is Keyword.AIDE:
            reply = SmsReply("sms.help", language)
        else:
            reply = SmsReply("sms.unknown_keyword", language)
        await uow.commit()
    return reply


async def _answer_code(uow: UnitOfWork, msisdn: str | None, line: Line | None, language: str,
                       now: datetime, limits: SmsLimits) -> SmsReply:
    key = code_limit_key(msisdn or "invalid")
    if not await _within_limit(uow, key, limits.code_requests, now, limits.window):
        return SmsReply("sms.too_many_requests", language)
    if line is None or not can_receive_code(line):
        return SmsReply("sms.code_refused", language)
    return SmsReply("sms.code", language, {"code": line.payment_code})


async def _answer_invoice(uow: UnitOfWork, msisdn: str | None, line: Line | None, language: str,
                          now: datetime, limits: SmsLimits) -> SmsReply:
    key = invoice_limit_key(msisdn or "invalid")
    if not await _within_limit(uow, key, limits.invoice_requests, now, limits.window):
        return SmsReply("sms.too_many_requests", language)
    unpaid = await uow.invoices.unpaid_for_lines([line.id]) if line and line.id is not None else []
    if not unpaid:
        # Same words for "no such number" and "nothing to pay": the reply reveals nothing.
        return SmsReply("sms.invoice_none", language)
    latest = max(unpaid, key=lambda invoice: (invoice.period, invoice.due_date))
    return SmsReply("sms.invoice_due", language, {
        "amount": sms_amount(latest.amount_ttc, language), "due_date": sms_date(latest.due_date)})


class SmsTexts(Protocol):
    """Renders a catalog key in a language (the conversations' text catalogs)."""

    def render(self, key: str, language: str, **values: str) -> str: ...


class CodeBySms(StrEnum):
    QUEUED = "QUEUED"
    NO_MOBILE_LINE = "NO_MOBILE_LINE"
    TOO_MANY_REQUESTS = "TOO_MANY_REQUESTS"


async def send_own_code_by_sms(uow_factory: UnitOfWorkFactory, line_ids: tuple[int, ...],
                               account_language: str | None, texts: SmsTexts, now: datetime,
                               limits: SmsLimits = SmsLimits()) -> CodeBySms:
    """Queue the code fidélio of a logged-in Mobile account, by SMS to its own line only.

    The chat calls this with the account's `line_ids`; the SMS goes through the outbox and counts
    toward the same hourly limit as the CODE keyword.
    """
    async with uow_factory() as uow:
        lines = await uow.lines.by_ids(line_ids)
        line = next((candidate for candidate in lines if can_receive_code(candidate) and candidate.msisdn), None)
        if line is None or line.msisdn is None:
            return CodeBySms.NO_MOBILE_LINE
        if not await _within_limit(uow, code_limit_key(line.msisdn), limits.code_requests, now, limits.window):
            await uow.commit()
            return CodeBySms.TOO_MANY_REQUESTS
        language = account_language if account_language in LANGUAGES else language_of(line, None)
        body = texts.render("sms.code", language, code=line.payment_code)
        await uow.outbox.put(OutgoingMessage(channel=Channel.SMS, recipient=line.msisdn, body=body,
                                             kind="fidelio_code", created_at=now, next_attempt_at=now))
        await uow.commit()
    return CodeBySms.QUEUED
