"""The sandbox's verdict: the signed result map CMI posts to callbackUrl, okUrl and failUrl."""

import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from bot.cmi.hashing import compute_hash
from bot.cmi.sandbox_cards import masked

RESPONSES = {"00": "Approved", "99": "Error"}


@dataclass(frozen=True, slots=True)
class Verdict:
    return_code: str
    md_status: str
    brand: str
    pan: str
    error: str = ""

    @property
    def approved(self) -> bool:
        return self.return_code == "00"


def result_fields(request: Mapping[str, str], verdict: Verdict, store_key: str, now: datetime,
                  client_ip: str) -> dict[str, str]:
    """Echo of the request (minus its HASH) plus the section 3 result fields, signed with ver3."""
    fields = {name: value for name, value in request.items() if name.lower() not in {"hash", "rnd"}}
    masked_card, masked_pan = masked(verdict.pan)
    approved = verdict.approved
    fields.update({
        "ProcReturnCode": verdict.return_code,
        "Response": RESPONSES.get(verdict.return_code, "Declined"),
        "AuthCode": f"{secrets.randbelow(10**6):06d}" if approved else "",
        "TransId": f"{now:%y%j}{secrets.randbelow(10**8):08d}",
        "HostRefNum": f"{secrets.randbelow(10**12):012d}" if approved else "",
        "ErrMsg": verdict.error, "mdStatus": verdict.md_status,
        "mdErrorMsg": "Authenticated" if verdict.md_status == "1" else ("Not authenticated"
                                                                      if verdict.md_status == "0" else ""),
        "txstatus": "Y" if verdict.md_status == "1" else "N", "eci": "05" if verdict.md_status == "1" else "",
        "cavv": secrets.token_urlsafe(20) if verdict.md_status == "1" else "", "xid": secrets.token_urlsafe(20),
        "md": secrets.token_hex(16), "maskedCreditCard": masked_card, "MaskedPan": masked_pan,
        "EXTRA.TRXDATE": f"{now:%Y%m%d %H:%M:%S}", "EXTRA.CARDBRAND": verdict.brand,
        "EXTRA.CARDISSUER": "BANQUE SANDBOX", "ReturnOid": _value(request, "oid"), "clientIp": client_ip,
        "acqStan": f"{secrets.randbelow(10**6):06d}", "callbackCall": "true",
        "rnd": secrets.token_hex(10), "hashAlgorithm": "ver3",
    })
    fields["HASH"] = compute_hash(fields, store_key)
    return fields


def _value(fields: Mapping[str, str], name: str) -> str:
    return next((v for k, v in fields.items() if k.lower() == name.lower()), "")


def answer_meaning(answer: str | None) -> str:
    """How the gateway treats the merchant's answer to a callback."""
    if answer is None:
        return "pending manual (no answer)"
    return {"ACTION=POSTAUTH": "captured", "APPROVED": "authorised only"}.get(answer.strip(), "pending manual")
