"""How many SMS a text takes: GSM 03.38 7-bit when every character is in its alphabet, else UCS-2.

Kannel never switches to UCS-2 by itself: the application asks for it (reply header
`X-Kannel-Coding: 2`, or `coding=2` on sendsms), otherwise Arabic becomes "?" and "ç" becomes "Ç".
"""

GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
# The extension table: each of these costs two septets (escape + character).
GSM7_EXTENSION = frozenset("^{}\\[~]|€\f")
GSM7_ALL = GSM7_BASIC | GSM7_EXTENSION

GSM7_SINGLE = 160
UCS2_SINGLE = 70
CODING_GSM7 = 0
CODING_UCS2 = 2


def is_gsm7(text: str) -> bool:
    return GSM7_ALL.issuperset(text)  # a set operation in C: this runs for every reply


def coding_of(text: str) -> int:
    """0 (GSM 7-bit) if Kannel can send the text as it is, else 2 (UCS-2)."""
    return CODING_GSM7 if is_gsm7(text) else CODING_UCS2


def sms_length(text: str) -> int:
    """Length in the unit of the text's coding: septets for GSM 7-bit, UTF-16 units for UCS-2."""
    if is_gsm7(text):
        return sum(2 if c in GSM7_EXTENSION else 1 for c in text)
    return len(text.encode("utf-16-be")) // 2


def fits_one_sms(text: str) -> bool:
    return sms_length(text) <= (GSM7_SINGLE if is_gsm7(text) else UCS2_SINGLE)
