"""How amounts and dates read in each language: "769,20 DH" and dd/mm/yyyy in French."""

from datetime import date, datetime
from decimal import Decimal

from domain.clock import LOCAL_TZ
from domain.money import format_dh

_NARROW_NBSP = "\u202f"


def money(amount: Decimal, lang: str = "fr") -> str:
    """fr "12 345,50 DH"; en "12,345.50 DH"; ar "12 345,50 درهم"."""
    if lang == "en":
        return format_dh(amount, decimal_sep=".", thousands_sep=",")
    shown = format_dh(amount, decimal_sep=",", thousands_sep=_NARROW_NBSP)
    return shown.replace(" DH", " درهم") if lang == "ar" else shown


def day(value: date | datetime, lang: str = "fr") -> str:
    """dd/mm/yyyy in every language; datetimes are shown in Morocco's time zone."""
    if isinstance(value, datetime):
        value = value.astimezone(LOCAL_TZ).date()
    return value.strftime("%d/%m/%Y")


def moment(value: datetime, lang: str = "fr") -> str:
    """dd/mm/yyyy HH:MM in Morocco's time zone."""
    return value.astimezone(LOCAL_TZ).strftime("%d/%m/%Y %H:%M")


def month(value: date, lang: str = "fr") -> str:
    """The échéance (billing month) as mm/yyyy."""
    return value.strftime("%m/%Y")


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
