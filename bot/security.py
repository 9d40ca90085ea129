"""argon2id password hashing: the implementation of domain.efacture.ports.PasswordHasher.

Production parameters follow the OWASP Password Storage Cheat Sheet's argon2id configuration
m=19 MiB, t=2, p=1: about 25 ms per hash on one core here, which is affordable at login and
costly for anyone holding a stolen database. A stronger profile can be chosen later: stored
hashes carry their own parameters, and `needs_rehash` lets the login upgrade them.
"""

from argon2 import PasswordHasher as Argon2
from argon2 import Type
from argon2.exceptions import InvalidHashError, VerificationError

OWASP_TIME_COST = 2
OWASP_MEMORY_COST_KIB = 19 * 1024
OWASP_PARALLELISM = 1


class Argon2PasswordHasher:
    def __init__(self, time_cost: int = OWASP_TIME_COST, memory_cost: int = OWASP_MEMORY_COST_KIB,
                 parallelism: int = OWASP_PARALLELISM) -> None:
        self._argon2 = Argon2(time_cost=time_cost, memory_cost=memory_cost,
                              parallelism=parallelism, hash_len=32, salt_len=16, type=Type.ID)

    @classmethod
    def cheap_for_tests(cls) -> "Argon2PasswordHasher":
        """The smallest argon2id cost (8 KiB, one pass): real hashes, microseconds. Tests only."""
        return cls(time_cost=1, memory_cost=8, parallelism=1)

    def hash(self, password: str) -> str:
        return self._argon2.hash(password)

    def verify(self, password_hash: str, password: str) -> bool:
        """False for a wrong password and for a hash that is not argon2 at all; never raises."""
        try:
            return self._argon2.verify(password_hash, password)
        except (VerificationError, InvalidHashError):
            return False

    def needs_rehash(self, password_hash: str) -> bool:
        try:
            return self._argon2.check_needs_rehash(password_hash)
        except InvalidHashError:
            return True
