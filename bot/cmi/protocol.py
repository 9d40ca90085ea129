"""The merchant side of the CMI protocol: the request form, the callback and its answers.

Spec: specs/cmi-hosted-payment.md sections 1 and 3. The bot posts only values it built itself
(ASCII name, no surrounding spaces, no HTML entities), so the strict ver3 hash is what CMI sees.
"""

import secrets
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from bot.cmi.hashing import compute_hash, verified_fields
from domain.money import CURRENCY_NUMERIC
from domain.payment_usecases import GatewayResult, Settlement
from domain.payments import Payment

ANSWERS = {Settlement.CAPTURE: "ACTION=POSTAUTH", Settlement.ACKNOWLEDGE: "APPROVED",
           Settlement.REJECT: "FAILURE"}
FAILURE = ANSWERS[Settlement.REJECT]
LANGUAGES = ("fr", "ar", "en")


@dataclass(frozen=True, slots=True)
class MerchantUrls:
    ok: str
    fail: str
    callback: str
    shop: str


def ascii_name(text: str, limit: int = 60) -> str:
    """BillToName as the CMI kits send it: accents stripped, letters, digits and spaces only."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    kept = "".join(c if c.isalnum() else " " for c in plain)
    return " ".join(kept.split())[:limit] or "Client"


def amount_text(payment: Payment) -> str:
    return f"{payment.total:.2f}"


def request_fields(payment: Payment, *, client_id: str, urls: MerchantUrls, lang: str, store_key: str,
                   rnd: str | None = None) -> dict[str, str]:
    """Every field of the payment request, HASH last; the amount is the stored one."""
    fields = {
        "clientid": client_id, "storetype": "3D_PAY_HOSTING", "TranType": "PreAuth",
        "amount": amount_text(payment), "currency": CURRENCY_NUMERIC, "oid": payment.order_id,
        "okUrl": urls.ok, "failUrl": urls.fail, "callbackUrl": urls.callback, "shopurl": urls.shop,
        "lang": lang if lang in LANGUAGES else "fr", "rnd": rnd or secrets.token_hex(10),
        "hashAlgorithm": "ver3", "encoding": "UTF-8",
        "BillToName": ascii_name(f"Client {payment.customer_number or payment.msisdn or ''}"),
        "email": payment.email, "tel": payment.msisdn or "", "BillToCountry": CURRENCY_NUMERIC,
        "refreshtime": "5", "AutoRedirect": "true", "CallbackResponse": "true",
        "description": f"Factures Maroc Telecom {' '.join(payment.invoice_numbers)}"[:250],
    }
    fields["HASH"] = compute_hash(fields, store_key)
    return fields


def field(fields: Mapping[str, str], name: str) -> str:
    """A posted value by name, case-insensitively (the gateway and kits vary the case)."""
    wanted = name.lower()
    return next((value for key, value in fields.items() if key.lower() == wanted), "")


def result_of(fields: Mapping[str, str]) -> GatewayResult:
    """Read the verdict; a missing ProcReturnCode stays None and counts as a failure."""
    # Lengths capped to what CMI documents and the payments table stores (ISO codes are 2 digits).
    return GatewayResult(
        order_id=(field(fields, "oid") or field(fields, "ReturnOid"))[:64],
        amount=field(fields, "amount"),
        return_code=field(fields, "ProcReturnCode")[:8] or None,
        transaction_id=field(fields, "TransId")[:64],
        authorization_code=field(fields, "AuthCode")[:32],
        masked_card=(field(fields, "maskedCreditCard") or field(fields, "MaskedPan"))[:32],
    )


def verified(fields: Mapping[str, str], store_key: str) -> Mapping[str, str] | None:
    """The posted fields in the form their HASH signs, or None when it does not verify.

    Read the verdict from what this returns, never from the posted mapping itself: the values
    acted on must be the values that were signed (bot.cmi.hashing.verified_fields)."""
    return verified_fields(fields, store_key)


def authentic(fields: Mapping[str, str], store_key: str) -> bool:
    return verified(fields, store_key) is not None


def logged_oid(fields: Mapping[str, str], limit: int = 64) -> str:
    """The oid for a log line, capped: an unsigned callback's oid is whatever the sender chose."""
    return field(fields, "oid")[:limit]
