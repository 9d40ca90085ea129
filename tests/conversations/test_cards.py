import pytest
from hypothesis import given
from hypothesis import strategies as st

from conversations.guards import contains_card_number, luhn_valid
from conversations.messages import OutboundKind


@pytest.mark.parametrize("message", ["4111111111111111", "ma carte 4111 1111 1111 1111 merci",
                                     "5500-0000-0000-0004", "378282246310005"])
def test_a_luhn_valid_card_number_is_detected_however_it_is_grouped(message):
    assert contains_card_number(message)


@pytest.mark.parametrize("message", ["4111111111111112", "0612345678", "facture 0000171682062019",
                                     "123456789012", "", "x" * 10_000])
def test_phone_and_invoice_numbers_are_not_card_numbers(message):
    assert not contains_card_number(message)


def test_luhn_accepts_the_classic_test_number():
    assert luhn_valid("79927398713") and not luhn_valid("79927398710")


async def test_a_card_number_is_deleted_in_any_state_and_the_user_told_to_use_the_payment_page(chat, store):
    await chat.tap("Langue")
    version = (await store.load(chat.key)).version
    await chat.say("voici 4111 1111 1111 1111")
    assert chat.replies[0].kind is OutboundKind.DELETE_USER_MESSAGE
    assert "page de paiement" in chat.texts[0]
    assert chat.labels == ["Français", "العربية", "English"]
    stored = await store.load(chat.key)
    assert stored.version == version + 1 and "4111" not in str(stored.data)


@given(st.text("0123456789", min_size=13, max_size=19))
def test_the_fast_check_agrees_with_a_plain_luhn_check_on_any_ungrouped_number(digits):
    assert contains_card_number(digits) == (digits[0] != "0" and luhn_valid(digits))


@given(st.lists(st.text("0123456789", min_size=1, max_size=6), min_size=1, max_size=8), st.sampled_from(" -"))
def test_grouping_digits_never_hides_a_card_number_written_as_whole_groups(groups, separator):
    written = separator.join(groups)
    expected = any(
        13 <= len("".join(groups[i:j])) <= 19 and groups[i][0] != "0" and luhn_valid("".join(groups[i:j]))
        for i in range(len(groups)) for j in range(i + 1, len(groups) + 1))
    assert contains_card_number(written) == expected
