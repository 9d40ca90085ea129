"""Money: Decimal dirhams (MAD) with two decimals; never floats."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from domain.errors import InvalidAmount

CENT = Decimal("0.01")
VAT_RATE = Decimal("0.20")
CURRENCY_NUMERIC = "504"  # ISO 4217 numeric code of the dirham, used by the CMI gateway


def mad(value: Decimal | int | str) -> Decimal:
    """Parse an amount into a two-decimal Decimal; accepts "769,20" as well as "769.20"."""
    if isinstance(value, str):
        value = value.strip().replace(" ", "").replace(",", ".")
    try:
        amount = Decimal(value)
    except (InvalidOperation, ValueError) as exc:
        raise InvalidAmount(f"not an amount: {value!r}") from exc
    if not amount.is_finite():
        raise InvalidAmount(f"not an amount: {value!r}")
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def vat_of(amount_ht: Decimal) -> Decimal:
    return (amount_ht * VAT_RATE).quantize(CENT, rounding=ROUND_HALF_UP)


def ttc_of(amount_ht: Decimal) -> Decimal:
    return amount_ht + vat_of(amount_ht)


def format_dh(amount: Decimal, decimal_sep: str = ",", thousands_sep: str = "\u202f") -> str:
    """769.2 -> "769,20 DH"; 12345.5 -> "12 345,50 DH" (narrow no-break space as in French)."""
    whole, _, cents = f"{mad(amount):.2f}".partition(".")
    sign = "-" if whole.startswith("-") else ""
    digits = whole.lstrip("-")
    groups = []
    while digits:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    return f"{sign}{thousands_sep.join(groups)}{decimal_sep}{cents} DH"
