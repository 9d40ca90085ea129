"""Order ids and single-use link tokens (`<oid>.<HMAC>`: nothing about the link is stored)."""

import base64
import hashlib
import hmac
import secrets
from datetime import datetime


def new_order_id(now: datetime) -> str:
    """Unique per attempt, no whitespace, far below CMI's 64 characters."""
    return f"IAM{now:%Y%m%d%H%M%S}{secrets.token_hex(4).upper()}"


def derive_link_key(store_key: str) -> bytes:
    """A key of its own for link tokens, so a token never reveals anything about the store key."""
    return hmac.new(store_key.encode("utf-8"), b"iam-payment-link-v1", hashlib.sha256).digest()


def _signature(key: bytes, order_id: str) -> str:
    digest = hmac.new(key, order_id.encode("utf-8"), hashlib.sha256).digest()[:24]
    return base64.urlsafe_b64encode(digest).decode("ascii")


def link_token(key: bytes, order_id: str) -> str:
    return f"{order_id}.{_signature(key, order_id)}"


def order_id_of(key: bytes, token: str) -> str | None:
    order_id, _, signature = token.partition(".")
    if not order_id or not hmac.compare_digest(_signature(key, order_id).encode(), signature.encode()):
        return None
    return order_id
