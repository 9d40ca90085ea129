import base64
import hashlib

import pytest

from bot.cmi.hashing import (
    compute_hash,
    escape,
    natcase_compare,
    preimage,
    sorted_names,
    verified_fields,
    verify,
)
from bot.cmi.protocol import result_of

STORE_KEY = "TEST1234"


def reference_hash(text: str) -> str:
    """The PHP kits' base64_encode(pack('H*', hash('sha512', $s))), spelled out."""
    return base64.b64encode(bytes.fromhex(hashlib.sha512(text.encode("utf-8")).hexdigest())).decode()


def test_the_sort_semantics_vector_gives_the_documented_preimage():
    fields = {"price10": "10.00", "oid": "SORT-1", "md_x": "u", "Price3": "3.00", "mdStatus": "1",
              "a_b": "underscore", "clientid": "600000000", "AutoRedirect": "false", "md": "m",
              "price2": "2.00", "amount": "10.00", "price1": "1.00", "HASH": "ignored", "encoding": "UTF-8"}
    expected = "10.00|false|underscore|600000000|m|1|u|SORT-1|1.00|2.00|3.00|10.00|TEST1234"
    assert preimage(fields, STORE_KEY) == expected
    assert compute_hash(fields, STORE_KEY) == reference_hash(expected)


def test_names_sort_naturally_case_insensitively_with_underscore_after_letters():
    names = ["price10", "Price3", "price2", "md_x", "mdStatus", "a_b", "AutoRedirect", "EXTRA.TRXDATE",
             "EXTRA.CARDBRAND", "amount", "x9", "x10", "x09a", "x007"]
    assert sorted_names(names) == ["amount", "AutoRedirect", "a_b", "EXTRA.CARDBRAND", "EXTRA.TRXDATE",
                                   "mdStatus", "md_x", "price2", "Price3", "price10", "x007", "x09a", "x9", "x10"]
    assert natcase_compare("OID", "oid") == 0 and natcase_compare("a1", "a_") < 0


def test_pipes_and_backslashes_are_escaped_backslash_first_in_values_and_in_the_store_key():
    assert escape("x\\|y") == "x\\\\\\|y"
    assert preimage({"a": "x\\|y"}, "key|with\\chars") == "x\\\\\\|y|key\\|with\\\\chars"


def test_an_empty_value_still_contributes_an_empty_field():
    assert preimage({"b": "", "a": "1", "c": "3"}, "K") == "1||3|K"


def test_accented_and_arabic_values_are_hashed_as_utf8():
    fields = {"BillToName": "Hélène Ça", "description": "فاتورة اتصالات المغرب", "amount": "769.20"}
    expected = "769.20|Hélène Ça|فاتورة اتصالات المغرب|" + STORE_KEY
    assert preimage(fields, STORE_KEY) == expected
    assert compute_hash(fields, STORE_KEY) == reference_hash(expected)


def test_the_hash_is_88_base64_characters_of_a_raw_sha512():
    digest = compute_hash({"amount": "1.00"}, STORE_KEY)
    assert len(digest) == 88 and digest.endswith("==")
    assert base64.b64decode(digest) == hashlib.sha512(b"1.00|TEST1234").digest()


def test_hash_and_encoding_are_left_out_whatever_their_case():
    base = {"amount": "1.00"}
    assert preimage({**base, "hash": "x", "Encoding": "UTF-8", "HASH": "y"}, "K") == preimage(base, "K")


def signed(fields: dict[str, str], key: str = STORE_KEY, name: str = "HASH") -> dict[str, str]:
    return {**fields, name: compute_hash(fields, key)}


CALLBACK = {"oid": "IAM1", "amount": "150.00", "ProcReturnCode": "00", "EXTRA.TRXDATE": "20261121 10:00:00",
            "EXTRA.CARDBRAND": "VISA", "ErrMsg": "", "maskedCreditCard": "4000 00** **** 0010"}


def test_a_callback_with_dotted_names_verifies_over_whatever_fields_arrived():
    assert verify(signed(CALLBACK), STORE_KEY)
    assert verify(signed({**CALLBACK, "HASHPARAMS": "a:b", "newField": "x"}), STORE_KEY)


def test_a_lowercase_hash_field_is_accepted():
    assert verify(signed(CALLBACK, name="hash"), STORE_KEY)


@pytest.mark.parametrize("change", [
    {"amount": "1.00"}, {"ProcReturnCode": "05"}, {"extra": "added after signing"}])
def test_any_changed_or_added_field_breaks_the_signature(change):
    assert not verify({**signed(CALLBACK), **change}, STORE_KEY)


def test_a_wrong_store_key_missing_hash_or_empty_key_does_not_verify():
    assert not verify(signed(CALLBACK, key="other"), STORE_KEY)
    assert not verify(CALLBACK, STORE_KEY)
    assert not verify(signed(CALLBACK, key=""), "")


def test_a_pipe_in_a_declined_error_message_is_escaped_the_same_way_by_both_sides():
    declined = {**CALLBACK, "ProcReturnCode": "51", "ErrMsg": "Fonds insuffisants | code 51 \\ réf"}
    assert verify(signed(declined), STORE_KEY)
    assert "Fonds insuffisants \\| code 51 \\\\ réf|" in preimage(declined, STORE_KEY)


def test_the_verifier_is_lenient_like_the_kit_about_entities_and_one_trailing_newline():
    sent = {"amount": "1.00", "ErrMsg": "l'erreur"}
    echoed = {"amount": "1.00", "ErrMsg": "l&#39;erreur\n", "HASH": compute_hash(sent, STORE_KEY)}
    assert verify(echoed, STORE_KEY)


def test_the_fields_returned_are_the_raw_ones_when_the_raw_values_are_signed():
    genuine = signed({**CALLBACK, "ErrMsg": "a &amp; b\n"})
    assert verified_fields(genuine, STORE_KEY) == genuine


def test_a_re_encoded_replay_verifies_only_as_the_decoded_values_that_were_signed():
    # Same HASH, "00" re-encoded: what is acted on must be "00", the signed value, not "&#48;0".
    replay = {**signed(CALLBACK), "ProcReturnCode": "&#48;0", "oid": "IAM1\n"}
    fields = verified_fields(replay, STORE_KEY)
    assert fields is not None and fields["ProcReturnCode"] == "00" and fields["oid"] == "IAM1"
    assert result_of(fields).approved and result_of(fields).order_id == "IAM1"


def test_nothing_is_returned_for_a_hash_that_matches_neither_form():
    assert verified_fields({**signed(CALLBACK), "ProcReturnCode": "&#48;5"}, STORE_KEY) is None
    assert verified_fields(CALLBACK, STORE_KEY) is None
