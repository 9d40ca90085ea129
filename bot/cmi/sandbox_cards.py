"""The sandbox's cards: the spec's three CMI test cards plus decline cards, and the card checks."""

from dataclasses import dataclass
from datetime import datetime

THREE_D_SECURE_CODE = "123"


@dataclass(frozen=True, slots=True)
class TestCard:
    brand: str
    return_code: str  # what the issuer answers once the cardholder is authenticated
    three_d_secure: bool = False
    label: str = ""


TEST_CARDS = {
    "4000000000000010": TestCard("VISA", "00", label="Visa, not 3-D Secure enrolled: approved"),
    "5453010000066100": TestCard("MASTERCARD", "00", label="MasterCard, not participating: approved"),
    "5191630100004896": TestCard("MASTERCARD", "00", True, label="MasterCard, 3-D Secure, code 123"),
    "4000000000000051": TestCard("VISA", "51", label="Visa: declined 51, insufficient funds"),
    "4000000000000002": TestCard("VISA", "05", label="Visa: declined 05, do not honour"),
    "4000000000000549": TestCard("VISA", "54", label="Visa: declined 54, expired card"),
}
UNKNOWN_CARD = TestCard("VISA", "05", label="any other valid number: declined 05")


def luhn_valid(number: str) -> bool:
    if not number.isdigit():
        return False
    total = 0
    for position, char in enumerate(reversed(number)):
        digit = int(char) * (2 if position % 2 else 1)
        total += digit - 9 if digit > 9 else digit
    return total % 10 == 0


def card_problems(form: dict[str, str], now: datetime) -> list[str]:
    """Readable problems with the card form; empty when it can be sent to the 'issuer'."""
    problems = []
    for name, label in (("card_type", "type de carte"), ("holder", "nom du porteur")):
        if not form.get(name, "").strip():
            problems.append(f"Le champ « {label} » est obligatoire.")
    pan = normalised_pan(form.get("pan", ""))
    if len(pan) != 16 or not pan.isdigit():
        problems.append("Le numéro de carte doit comporter 16 chiffres.")
    elif not luhn_valid(pan):
        problems.append("Le numéro de carte n'est pas valide (clé de contrôle).")
    month, year = form.get("exp_month", ""), form.get("exp_year", "")
    if not (month.isdigit() and 1 <= int(month) <= 12):
        problems.append("Le mois d'expiration doit être entre 01 et 12.")
    if not (year.isdigit() and len(year) in (2, 4)):
        problems.append("L'année d'expiration doit avoir 2 ou 4 chiffres.")
    cvv = form.get("cvv", "")
    if not (cvv.isdigit() and len(cvv) == 3):
        problems.append("Le code de vérification (CVV) doit comporter 3 chiffres.")
    return problems


def normalised_pan(raw: str) -> str:
    return raw.replace(" ", "").replace("-", "")


def expired(month: str, year: str, now: datetime) -> bool:
    full_year = int(year) + (2000 if len(year) == 2 else 0)
    return (full_year, int(month)) < (now.year, now.month)


def masked(pan: str) -> tuple[str, str]:
    """(maskedCreditCard, MaskedPan) as CMI shows them: 5191 63** **** 4896 and 519163***4896."""
    return f"{pan[:4]} {pan[4:6]}** **** {pan[12:]}", f"{pan[:6]}***{pan[12:]}"
