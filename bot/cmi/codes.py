"""ProcReturnCode meanings (ISO 8583 issuer codes as CMI relays them) and their catalog keys."""

APPROVED = "00"
GATEWAY_ERROR = "99"

MEANINGS = {
    "00": "approved",
    "01": "refer to issuer", "02": "refer to issuer",
    "04": "pick up card", "07": "pick up card",
    "05": "do not honour",
    "12": "invalid transaction",
    "13": "invalid amount",
    "14": "invalid card number",
    "33": "expired card", "54": "expired card",
    "41": "lost card", "43": "stolen card",
    "51": "insufficient funds",
    "57": "transaction not permitted to the cardholder",
    "61": "amount limit exceeded",
    "62": "restricted card",
    "63": "security violation",
    "91": "issuer unavailable",
    "96": "system malfunction",
    "99": "gateway error",
}

# Codes that mean the same thing to a customer share one sentence in the catalogs.
_PLAIN_REASON = {
    "01": "refer_to_bank", "02": "refer_to_bank", "04": "card_blocked", "07": "card_blocked",
    "41": "card_blocked", "43": "card_blocked", "62": "card_blocked", "05": "refused_by_bank",
    "12": "refused_by_bank", "57": "not_permitted", "63": "refused_by_bank", "13": "invalid_amount",
    "14": "invalid_card", "33": "expired_card", "54": "expired_card", "51": "insufficient_funds",
    "61": "limit_exceeded", "91": "bank_unavailable", "96": "technical", "99": "technical",
    "DOUBLE": "invoice_already_paid",  # domain.payment_usecases.ALREADY_PAID_CODE
}


def meaning(code: str | None) -> str:
    if not code:
        return "no result (counts as a failure)"
    return MEANINGS.get(code, "declined by the issuer")


def decline_text_key(code: str | None) -> str:
    """The catalog key ("payment.decline.<reason>") that explains `code` in plain words."""
    return f"payment.decline.{_PLAIN_REASON.get(code or '', 'other')}"


DECLINE_REASONS = sorted(set(_PLAIN_REASON.values()) | {"other"})
