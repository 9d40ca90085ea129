"""Run the hasher off the event loop: argon2 takes tens of milliseconds of CPU on purpose,
and argon2-cffi releases the GIL, so a worker thread keeps the bot answering meanwhile."""

import asyncio
import secrets

from domain.efacture.ports import PasswordHasher


async def hash_secret(hasher: PasswordHasher, secret: str) -> str:
    return await asyncio.to_thread(hasher.hash, secret)


async def verify_secret(hasher: PasswordHasher, secret_hash: str, secret: str) -> bool:
    return await asyncio.to_thread(hasher.verify, secret_hash, secret)


async def spend_like_a_verify(hasher: PasswordHasher, dummy_hash: str) -> None:
    """Verify a random secret against a dummy hash so an unknown login costs as long as a known one."""
    await verify_secret(hasher, dummy_hash, secrets.token_urlsafe(12))
