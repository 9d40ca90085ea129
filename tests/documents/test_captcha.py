import io
import random

from PIL import Image

from bot.documents import new_captcha
from bot.documents.captcha import ALPHABET, answer_matches

AMBIGUOUS = set("0O1lI")


def test_answer_has_five_or_six_unambiguous_characters():
    for seed in range(30):
        answer = new_captcha(random.Random(seed)).answer
        assert 5 <= len(answer) <= 6
        assert set(answer) <= set(ALPHABET)
        assert not set(answer) & AMBIGUOUS


def test_image_is_a_png_that_decodes_to_a_readable_size():
    image = Image.open(io.BytesIO(new_captcha(random.Random(1)).png))
    assert image.format == "PNG"
    assert image.size == (240, 80)
    # Not blank: dark character strokes cover a real part of the picture.
    dark = sum(1 for pixel in image.convert("L").getdata() if pixel < 100)
    assert dark > 1500


def test_same_seed_draws_the_same_captcha_and_other_seeds_differ():
    first, again = new_captcha(random.Random(42)), new_captcha(random.Random(42))
    assert (first.answer, first.png) == (again.answer, again.png)
    others = {new_captcha(random.Random(seed)).png for seed in range(43, 48)}
    assert first.png not in others and len(others) == 5


def test_answer_check_ignores_case_and_spaces_but_not_wrong_characters():
    captcha = new_captcha(random.Random(7))
    assert captcha.matches(captcha.answer.lower())
    assert captcha.matches(" ".join(captcha.answer))
    assert not captcha.matches(captcha.answer[:-1])
    assert not answer_matches("ABCDE", "ABCDF")
    assert not answer_matches("ABCDE", "")


def test_without_a_seed_each_captcha_is_new():
    assert len({new_captcha().answer for _ in range(5)}) > 1
