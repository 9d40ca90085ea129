import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conversations.guards import contains_card_number, luhn_valid
from conversations.messages import OutboundKind

SEPARATORS = [" ", "-", "\u00a0", "\u202f", "\u2009", "\t", "\n", "\r\n", ".", "/", ",", "_", " - ", ". "]
# Every script's decimal digits: ASCII, Arabic-Indic, Extended Arabic-Indic, full-width, Devanagari.
ZEROS = ["0", "\u0660", "\u06f0", "\uff10", "\u0966"]


def in_script(digits: str, zero: str) -> str:
    return "".join(chr(ord(zero) + int(d)) if d.isdigit() else d for d in digits)


def with_check_digit(body: str) -> str:
    return body + next(d for d in "0123456789" if luhn_valid(body + d))


@pytest.mark.parametrize("message", ["4111111111111111", "ma carte 4111 1111 1111 1111 merci",
                                     "5500-0000-0000-0004", "378282246310005"])
def test_a_luhn_valid_card_number_is_detected_however_it_is_grouped(message):
    assert contains_card_number(message)


@pytest.mark.parametrize("separator", SEPARATORS)
def test_a_card_number_is_detected_whatever_separates_its_groups(separator):
    assert contains_card_number(f"ma carte {separator.join(['4111', '1111', '1111', '1111'])} merci")
    assert contains_card_number(separator.join(["3782", "822463", "10005"]))


@pytest.mark.parametrize("zero", ZEROS)
def test_a_card_number_written_with_another_script_s_digits_is_detected(zero):
    assert contains_card_number(f"ma carte {in_script('4111 1111 1111 1111', zero)}")


@pytest.mark.parametrize("message", ["4111111111111112", "0612345678", "facture 0000171682062019",
                                     "0000.1716.8206.2019", "0000\u00a01716\u00a08206\u00a02019",
                                     "factures 0000171682062019, 0000171682062027 et 0000171682062035",
                                     in_script("0000171682062019", "\u0660"), "+212 6 12 34 56 78",
                                     "le 21/11/2026 à 10:30, 769.20 DH", "123456789012", "", "x" * 10_000])
def test_phone_and_invoice_numbers_dates_and_amounts_are_not_card_numbers(message):
    assert not contains_card_number(message)


def test_luhn_accepts_the_classic_test_number():
    assert luhn_valid("79927398713") and not luhn_valid("79927398710")


@pytest.mark.parametrize("card", ["4111 1111 1111 1111", "4111.1111.1111.1111", "4111\u00a01111\u00a01111\u00a01111",
                                  "4111\n1111\n1111\n1111"])
async def test_a_card_number_is_deleted_in_any_state_and_the_user_told_to_use_the_payment_page(chat, store, card):
    await chat.tap("Langue · اللغة · Language")
    version = (await store.load(chat.key)).version
    await chat.say(f"voici {card}")
    assert chat.replies[0].kind is OutboundKind.DELETE_USER_MESSAGE
    assert "page de paiement" in chat.texts[0]
    assert chat.labels == ["Français", "العربية", "English", "Annuler"]
    stored = await store.load(chat.key)
    assert stored.version == version + 1 and "4111" not in str(stored.data) and "1111" not in str(stored.data)


@pytest.mark.parametrize("adversarial", [
    "1 " * 5_000, "1." * 5_000, "1\u00a0" * 5_000, "\u0661 " * 5_000, "1a" * 5_000, "9" * 10_000,
    "1" + "-" * 9_998 + "1", "12345678901 " * 833, "1" + " ." * 4_999, "0 " * 5_000])
def test_a_long_adversarial_message_is_checked_in_milliseconds(adversarial):
    # The engine checks every message: even 10,000 characters of digit groups must stay cheap.
    # Measured about 8 ms for the worst of these; the bound leaves room for a loaded machine.
    started = time.perf_counter()
    contains_card_number(adversarial)
    assert time.perf_counter() - started < 0.25


@given(st.text("0123456789", min_size=13, max_size=19))
def test_the_fast_check_agrees_with_a_plain_luhn_check_on_any_ungrouped_number(digits):
    assert contains_card_number(digits) == (digits[0] != "0" and luhn_valid(digits))


@given(st.lists(st.text("0123456789", min_size=1, max_size=6), min_size=1, max_size=8), st.sampled_from(SEPARATORS))
def test_grouping_digits_never_hides_a_card_number_written_as_whole_groups(groups, separator):
    written = separator.join(groups)
    expected = any(
        13 <= len("".join(groups[i:j])) <= 19 and groups[i][0] != "0" and luhn_valid("".join(groups[i:j]))
        for i in range(len(groups)) for j in range(i + 1, len(groups) + 1))
    assert contains_card_number(written) == expected


# Anything that is neither a letter nor a digit may separate groups (surrogates cannot be typed).
SEPARATOR_TEXT = st.text(st.characters(exclude_categories=("L", "N", "Cs")), min_size=1, max_size=4)


@st.composite
def written_cards(draw) -> str:
    """A Luhn-valid 13-19 digit number (first digit 1-9, as every real card), cut anywhere, with
    random separators, in a random script, between random words."""
    body = draw(st.sampled_from("123456789")) + draw(st.text("0123456789", min_size=11, max_size=17))
    digits = in_script(with_check_digit(body), draw(st.sampled_from(ZEROS)))
    cuts = sorted(draw(st.sets(st.integers(1, len(digits) - 1), max_size=len(digits) - 1)))
    pieces = [digits[a:b] for a, b in zip([0, *cuts], [*cuts, len(digits)], strict=True)]
    written = "".join(piece + (draw(SEPARATOR_TEXT) if i < len(cuts) else "") for i, piece in enumerate(pieces))
    return f"{draw(st.text(max_size=20))}a {written} a{draw(st.text(max_size=20))}"


@given(written_cards())
def test_any_luhn_valid_card_number_with_random_separators_is_caught(message):
    assert contains_card_number(message)
