from hypothesis import given
from hypothesis import strategies as st

from bot.cmi.hashing import natcase_compare, preimage, sorted_names

names = st.text(alphabet="abcXYZ019_.", min_size=1, max_size=8)


def unescape_fields(text: str) -> list[str]:
    """Split a pre-image on the pipes that are not escaped, undoing the escaping as we go."""
    fields, current, chars = [], [], iter(text)
    for char in chars:
        if char == "\\":
            current.append(next(chars))
        elif char == "|":
            fields.append("".join(current))
            current = []
        else:
            current.append(char)
    return [*fields, "".join(current)]


@given(st.lists(st.text(), min_size=1, max_size=6), st.text())
def test_escaping_makes_the_preimage_decode_back_to_exactly_the_values_and_key(values, key):
    fields = {f"f{index}": value for index, value in enumerate(values)}
    assert unescape_fields(preimage(fields, key)) == [*values, key]


@given(names, names)
def test_the_name_order_is_antisymmetric(a, b):
    assert natcase_compare(a, b) == -natcase_compare(b, a)


@given(names, names, names)
def test_the_name_order_is_transitive(a, b, c):
    if natcase_compare(a, b) <= 0 and natcase_compare(b, c) <= 0:
        assert natcase_compare(a, c) <= 0


@given(st.lists(names, unique_by=str.upper, max_size=8))
def test_the_sorted_order_does_not_depend_on_the_posting_order(listed):
    assert sorted_names(listed) == sorted_names(list(reversed(listed)))
