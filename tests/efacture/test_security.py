"""The real argon2id hasher (bot/security.py) behind the domain's PasswordHasher port."""

from argon2 import extract_parameters

from bot.security import OWASP_MEMORY_COST_KIB, Argon2PasswordHasher

CHEAP = Argon2PasswordHasher.cheap_for_tests()


def test_production_parameters_follow_owasp_argon2id_minimums():
    parameters = extract_parameters(Argon2PasswordHasher().hash("Jardin2027"))
    assert parameters.type.name == "ID"
    assert parameters.memory_cost >= OWASP_MEMORY_COST_KIB == 19456
    assert parameters.time_cost >= 2 and parameters.parallelism == 1


def test_a_password_verifies_against_its_hash_and_nothing_else_does():
    password_hash = CHEAP.hash("Jardin2027")
    assert password_hash.startswith("$argon2id$") and "Jardin2027" not in password_hash
    assert CHEAP.verify(password_hash, "Jardin2027")
    assert not CHEAP.verify(password_hash, "jardin2027")


def test_two_hashes_of_one_password_differ_by_their_salt():
    assert CHEAP.hash("Jardin2027") != CHEAP.hash("Jardin2027")


def test_a_malformed_hash_is_a_failed_verification_not_a_crash():
    assert not CHEAP.verify("not-a-hash", "Jardin2027")
    assert not CHEAP.verify("", "Jardin2027")
    assert CHEAP.needs_rehash("not-a-hash")


def test_hashes_made_with_weaker_parameters_ask_to_be_rehashed():
    production = Argon2PasswordHasher()
    assert production.needs_rehash(CHEAP.hash("Jardin2027"))
    assert not CHEAP.needs_rehash(CHEAP.hash("Jardin2027"))
    assert production.verify(CHEAP.hash("Jardin2027"), "Jardin2027")  # old hashes still log in
