"""Captcha images for registration ("inscrivez les caractères proposés"), drawn with Pillow.

Characters that people confuse (0/O/Q, 1/I/L) are left out, and answers are compared without
regard to case or spaces, in constant time. Pass a seeded random.Random for reproducible images.
"""

import hmac
import io
import math
import random
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ALPHABET = "ABCDEFGHJKMNPRSTUVWXYZ23456789"
WIDTH, HEIGHT = 240, 80
FONT_SIZE = 40
FONT_CANDIDATES = (
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
    Path("/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf"),
)
INKS = ((20, 45, 110), (120, 30, 40), (25, 90, 45), (70, 40, 110), (30, 30, 30))


@dataclass(frozen=True, slots=True)
class Captcha:
    answer: str
    png: bytes

    def matches(self, typed: str) -> bool:
        return answer_matches(self.answer, typed)


def answer_matches(expected: str, typed: str) -> bool:
    """Case- and space-insensitive, constant-time: "ab 3cd" matches "AB3CD"."""
    normalized = "".join((typed or "").split()).upper()
    return hmac.compare_digest(normalized.encode(), expected.upper().encode())


def new_captcha(rng: random.Random | None = None) -> Captcha:
    rng = rng or random.SystemRandom()
    answer = "".join(rng.choice(ALPHABET) for _ in range(rng.choice((5, 6))))
    return Captcha(answer=answer, png=_png(_draw(answer, rng)))


@lru_cache(maxsize=1)
def _font() -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for path in FONT_CANDIDATES:
        if path.exists():
            return ImageFont.truetype(str(path), FONT_SIZE)
    try:
        return ImageFont.load_default(size=FONT_SIZE)  # Pillow >= 10.1
    except TypeError:
        return ImageFont.load_default()


def _draw(answer: str, rng: random.Random) -> Image.Image:
    image = Image.new("RGB", (WIDTH, HEIGHT), _pale(rng))
    _dots(image, rng, 420)
    step = (WIDTH - 24) / len(answer)
    for index, char in enumerate(answer):
        glyph = _glyph(char, rng)
        x = int(12 + index * step + rng.uniform(-3, 3) + (step - glyph.width) / 2)
        y = int((HEIGHT - glyph.height) / 2 + rng.uniform(-6, 6))
        image.paste(glyph, (x, y), glyph)
    image = _wave(image, rng)
    _lines(image, rng, 4)
    return image


def _glyph(char: str, rng: random.Random) -> Image.Image:
    """One character on a transparent tile, tilted by up to 25 degrees either way."""
    tile = Image.new("RGBA", (FONT_SIZE + 16, FONT_SIZE + 16), (0, 0, 0, 0))
    ImageDraw.Draw(tile).text((tile.width / 2, tile.height / 2), char, font=_font(),
                              fill=rng.choice(INKS) + (255,), anchor="mm")
    return tile.rotate(rng.uniform(-25, 25), resample=Image.Resampling.BICUBIC, expand=True)


def _wave(image: Image.Image, rng: random.Random) -> Image.Image:
    """Shift 2-pixel columns up and down along a sine: defeats simple segmentation, not people."""
    amplitude, period, phase = rng.uniform(3, 5), rng.uniform(60, 110), rng.uniform(0, math.tau)
    waved = Image.new("RGB", image.size, image.getpixel((0, 0)))
    for x in range(0, WIDTH, 2):
        offset = int(amplitude * math.sin(2 * math.pi * x / period + phase))
        waved.paste(image.crop((x, 0, x + 2, HEIGHT)), (x, offset))
    return waved


def _dots(image: Image.Image, rng: random.Random, count: int) -> None:
    draw = ImageDraw.Draw(image)
    for _ in range(count):
        x, y = rng.randrange(WIDTH), rng.randrange(HEIGHT)
        shade = rng.randrange(90, 200)
        draw.point((x, y), fill=(shade, shade, rng.randrange(90, 220)))


def _lines(image: Image.Image, rng: random.Random, count: int) -> None:
    draw = ImageDraw.Draw(image)
    for _ in range(count):
        start = (rng.randrange(0, WIDTH // 3), rng.randrange(8, HEIGHT - 8))
        end = (rng.randrange(2 * WIDTH // 3, WIDTH), rng.randrange(8, HEIGHT - 8))
        draw.line((start, end), fill=rng.choice(INKS), width=rng.choice((1, 2)))


def _pale(rng: random.Random) -> tuple[int, int, int]:
    return (rng.randrange(228, 250), rng.randrange(228, 250), rng.randrange(228, 250))


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
