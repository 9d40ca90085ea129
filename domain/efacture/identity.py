"""What a subscriber types to identify themselves: login, email, captcha.

Login rule: 4 to 32 characters among letters, digits, dot, underscore and hyphen, starting with
a letter. Logins are case-insensitive: we keep the lowercase form, so "Amina.B" and "amina.b"
are the same account and the uniqueness check is a plain equality in every storage backend.
"""

import re

from domain.efacture.errors import InvalidField

LOGIN_MIN, LOGIN_MAX = 4, 32
_LOGIN_CHARS = re.compile(r"[A-Za-z0-9._-]+")
EMAIL_MAX = 254
# Deliberately simple: one @, a dotted domain of letters/digits/hyphens, no spaces. The
# confirmation message sent to the address is the real test.
_EMAIL = re.compile(
    r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}"
)


def normalize_login(raw: str) -> str:
    """The canonical form used for storage and look-ups (no validation)."""
    return (raw or "").strip().lower()


def parse_login(raw: str) -> str:
    login = normalize_login(raw)
    if not LOGIN_MIN <= len(login) <= LOGIN_MAX:
        raise InvalidField("login", "login_length", min=LOGIN_MIN, max=LOGIN_MAX)
    if not _LOGIN_CHARS.fullmatch(login):
        raise InvalidField("login", "login_characters")
    if not ("a" <= login[0] <= "z"):
        raise InvalidField("login", "login_must_start_with_letter")
    return login


def parse_email(raw: str, field: str = "email") -> str:
    """Return the address with its domain in lowercase (domains are case-insensitive)."""
    email = (raw or "").strip()
    local, _, domain = email.rpartition("@")
    if len(email) > EMAIL_MAX or len(local) > 64 or not _EMAIL.fullmatch(email):
        raise InvalidField(field, "email_invalid")
    return f"{local}@{domain.lower()}"


def confirm_email(first: str, second: str) -> str:
    """The address typed twice: both must be valid and the same (letter case aside)."""
    email = parse_email(first)
    again = parse_email(second, field="email_confirmation")
    if email.casefold() != again.casefold():
        raise InvalidField("email_confirmation", "email_mismatch")
    return email


def captcha_matches(expected: str, typed: str) -> bool:
    """Captchas are read by humans: ignore letter case and spaces."""
    def canonical(text: str) -> str:
        return "".join((text or "").split()).casefold()

    wanted = canonical(expected)
    return bool(wanted) and wanted == canonical(typed)
