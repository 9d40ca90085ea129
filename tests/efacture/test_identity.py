import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.efacture.errors import InvalidField
from domain.efacture.identity import captcha_matches, confirm_email, parse_email, parse_login
from domain.errors import InvalidInput, Refused


@pytest.mark.parametrize("raw, login", [("amina", "amina"), ("  Amina.B_2-x ", "amina.b_2-x"),
                                        ("abcd", "abcd"), ("a" * 32, "a" * 32)])
def test_a_valid_login_is_kept_in_lowercase(raw, login):
    assert parse_login(raw) == login


@pytest.mark.parametrize("raw, reason", [
    ("abc", "login_length"), ("a" * 33, "login_length"), ("", "login_length"),
    ("amina b", "login_characters"), ("amina@x", "login_characters"), ("amïna", "login_characters"),
    ("1amina", "login_must_start_with_letter"), ("_amina", "login_must_start_with_letter"),
])
def test_a_login_breaking_a_rule_is_refused_with_that_rules_key(raw, reason):
    with pytest.raises(InvalidField) as refused:
        parse_login(raw)
    assert (refused.value.field, refused.value.reason) == ("login", reason)


def test_field_errors_are_both_refusals_and_invalid_input_so_edges_may_catch_either():
    with pytest.raises(InvalidField) as refused:
        parse_login("x")
    assert isinstance(refused.value, Refused) and isinstance(refused.value, InvalidInput)
    assert refused.value.details == {"min": 4, "max": 32}


@pytest.mark.parametrize("raw", ["amina@example.ma", " Amina.Benali+efacture@Mail.Example.MA ",
                                 "a@b.co"])
def test_usual_email_addresses_are_accepted_with_a_lowercase_domain(raw):
    email = parse_email(raw)
    local, domain = email.split("@")
    assert domain == domain.lower() and local == raw.strip().split("@")[0]


@pytest.mark.parametrize("raw", ["", "amina", "amina@", "@example.ma", "amina@example",
                                 "amina @example.ma", "amina@@example.ma", "amina@exa_mple.ma",
                                 "amina..b@example.ma", "a" * 65 + "@example.ma"])
def test_malformed_email_addresses_are_refused(raw):
    with pytest.raises(InvalidField) as refused:
        parse_email(raw)
    assert refused.value.reason == "email_invalid"


def test_an_email_typed_twice_must_be_the_same_address_letter_case_aside():
    assert confirm_email("amina@example.ma", "AMINA@Example.ma") == "amina@example.ma"
    with pytest.raises(InvalidField) as refused:
        confirm_email("amina@example.ma", "amine@example.ma")
    assert (refused.value.field, refused.value.reason) == ("email_confirmation", "email_mismatch")


def test_a_malformed_confirmation_points_at_the_confirmation_field():
    with pytest.raises(InvalidField) as refused:
        confirm_email("amina@example.ma", "amina")
    assert refused.value.field == "email_confirmation"


def test_the_captcha_ignores_letter_case_and_spaces():
    assert captcha_matches("xK7 pQ", " xk7PQ ")
    assert not captcha_matches("xK7pQ", "xK7pO")
    assert not captcha_matches("", "")


@given(st.text(max_size=40))
def test_whatever_is_typed_a_login_is_either_refused_or_a_canonical_valid_login(raw):
    try:
        login = parse_login(raw)
    except InvalidField:
        return
    assert re.fullmatch(r"[a-z][a-z0-9._-]{3,31}", login)
    assert parse_login(login.upper()) == login
