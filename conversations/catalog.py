"""Text catalogs: every user-facing string, per language, from YAML files.

Files are `conversations/texts/<lang>/<area>.yaml`, each a flat mapping `"<area>.<key>": "text"`
with `{placeholders}` filled by `str.format`. Every area file of every language is merged, so an
area added later by another flow is picked up without code changes.
"""

import logging
import string
from pathlib import Path

import yaml

LANGUAGES = ("fr", "ar", "en")
DEFAULT_LANGUAGE = "fr"
TEXTS_DIR = Path(__file__).with_name("texts")

logger = logging.getLogger(__name__)
# libyaml when present: loading every catalog is then about ten times faster.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class CatalogError(Exception):
    """A catalog file cannot be used (bad YAML, a key outside its area, a duplicate)."""


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def _read_area(path: Path) -> dict[str, str]:
    raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader) or {}  # noqa: S506 - safe loader
    if not isinstance(raw, dict):
        raise CatalogError(f"{path}: expected a mapping of keys to texts")
    area = path.stem
    texts = {}
    for key, value in raw.items():
        if not str(key).startswith(f"{area}."):
            raise CatalogError(f"{path}: key {key!r} must start with '{area}.'")
        if not isinstance(value, str):
            raise CatalogError(f"{path}: {key!r} must be a text")
        texts[str(key)] = value
    return texts


def load_language(directory: Path) -> dict[str, str]:
    merged: dict[str, str] = {}
    for path in sorted(directory.glob("*.yaml")):
        merged.update(_read_area(path))
    return merged


class Catalog:
    """All texts of all languages; `text(lang, key, **values)` never raises."""

    def __init__(self, texts: dict[str, dict[str, str]], default: str = DEFAULT_LANGUAGE) -> None:
        self.texts = texts
        self.default = default

    @classmethod
    def load(cls, root: Path = TEXTS_DIR, default: str = DEFAULT_LANGUAGE) -> "Catalog":
        return cls({lang: load_language(root / lang) for lang in LANGUAGES}, default)

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(self.texts)

    def text(self, lang: str, key: str, **values: object) -> str:
        template = self.texts.get(lang, {}).get(key) or self.texts[self.default].get(key)
        if template is None:
            logger.error("missing text %s", key)
            return key
        try:
            return template.format(**values)
        except (KeyError, IndexError, ValueError):
            # A missing placeholder is a bug, but the user still gets a readable sentence.
            logger.error("text %s could not be filled", key)
            return template
