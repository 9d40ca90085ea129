"""How amounts, dates and numbers read in each language: "769,20 DH" and dd/mm/yyyy in French.

Arabic is written right to left: a number made of groups ("06 12 34 56 78", "21/11/2026 23:16",
"06 •• •• 39 49") would be laid out group by group from the right, i.e. reversed. So in Arabic
every number we show is wrapped in Unicode isolates (LRI … PDI): it reads left to right as a
block, whatever surrounds it. The Arabic currency word stays outside, where an Arabic reader
expects it ("⁦769,20⁩ درهم").
"""

from datetime import date, datetime
from decimal import Decimal

from domain.clock import LOCAL_TZ
from domain.money import format_dh
from domain.phone import display_msisdn

LRI, PDI = "\u2066", "\u2069"  # left-to-right isolate, pop directional isolate
_NARROW_NBSP = "\u202f"  # thousands separator (French typography; a bidi "common separator")
_NBSP = "\u00a0"  # before the currency: "424,51 DH" never wraps between the number and DH


def isolate(text: str, lang: str = "fr") -> str:
    """In Arabic, keep a number (or any left-to-right token) in its own order; elsewhere unchanged."""
    return f"{LRI}{text}{PDI}" if lang == "ar" and text else text


def money(amount: Decimal, lang: str = "fr") -> str:
    """fr "12 345,50 DH"; en "12,345.50 DH"; ar "⁦12 345,50⁩ درهم" (no-break space before the currency)."""
    if lang == "en":
        number = format_dh(amount, decimal_sep=".", thousands_sep=",").removesuffix(" DH")
    else:
        number = format_dh(amount, decimal_sep=",", thousands_sep=_NARROW_NBSP).removesuffix(" DH")
    currency = "درهم" if lang == "ar" else "DH"
    return f"{isolate(number, lang)}{_NBSP}{currency}"


def day(value: date | datetime, lang: str = "fr") -> str:
    """dd/mm/yyyy in every language; datetimes are shown in Morocco's time zone."""
    if isinstance(value, datetime):
        value = value.astimezone(LOCAL_TZ).date()
    return isolate(value.strftime("%d/%m/%Y"), lang)


def moment(value: datetime, lang: str = "fr") -> str:
    """dd/mm/yyyy HH:MM in Morocco's time zone."""
    return isolate(value.astimezone(LOCAL_TZ).strftime("%d/%m/%Y %H:%M"), lang)


def month(value: date, lang: str = "fr") -> str:
    """The échéance (billing month) as mm/yyyy."""
    return isolate(value.strftime("%m/%Y"), lang)


def msisdn(national: str, lang: str = "fr") -> str:
    """A call number as "06 12 34 56 78" (isolated in Arabic, where it would read 78 56 34 12 06)."""
    return isolate(display_msisdn(national), lang)


class Formatter:
    """The helpers bound to one language, offered to flows as `ctx.fmt`."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def money(self, amount: Decimal) -> str:
        return money(amount, self.lang)

    def day(self, value: date | datetime) -> str:
        return day(value, self.lang)

    def moment(self, value: datetime) -> str:
        return moment(value, self.lang)

    def month(self, value: date) -> str:
        return month(value, self.lang)

    def msisdn(self, national: str) -> str:
        return msisdn(national, self.lang)

    def number(self, text: str) -> str:
        """Any other number shown as is: an invoice number, a masked call number or card, a code."""
        return isolate(text, self.lang)
