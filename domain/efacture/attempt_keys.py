"""Keys of the attempt log that never hold what a user typed.

A login field may receive anything, a card number included, and the attempts table keeps its
keys for a day: every key built from typed text is a SHA-256 digest of the normalised text,
separated per purpose, so the table and the logs hold no typed text. (A digest of a short,
guessable value such as a phone number is no secret; the point is that nothing typed is stored.)
"""

import hashlib

from domain.efacture.identity import normalize_login

DIGEST_CHARS = 32
TYPED_MAX = 256  # longer input is cut before hashing: the key stays bounded and so does the work


def digest(purpose: str, value: str) -> str:
    data = f"{purpose}\x00{value[:TYPED_MAX]}".encode("utf-8", "surrogatepass")
    return hashlib.sha256(data).hexdigest()[:DIGEST_CHARS]


def typed_key(purpose: str, value: str) -> str:
    """"<purpose>:<digest>" for any typed identifier (already normalised by the caller)."""
    return f"{purpose}:{digest(purpose, value)}"


def login_key(purpose: str, raw_login: str) -> str:
    """The key of a login as typed: "Amina " and "amina" are one login, hence one key."""
    return typed_key(purpose, normalize_login(raw_login))
