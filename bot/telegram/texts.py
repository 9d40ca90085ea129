"""The adapter's own texts (apology, command descriptions) in French, Arabic and English."""

from functools import cache
from pathlib import Path

import yaml

LANGUAGES = ("fr", "ar", "en")
DEFAULT_LANGUAGE = "fr"
# Names the engine understands (conversations/commands.py); the menu shows them in this order.
COMMANDS = ("start", "menu", "language", "help", "cancel")


@cache
def _catalog() -> dict[str, dict[str, str]]:
    return yaml.safe_load(Path(__file__).with_name("texts.yaml").read_text(encoding="utf-8"))


def language_of(code: str | None) -> str | None:
    """'fr-FR' -> 'fr'; None for a language we do not speak."""
    base = (code or "").split("-", 1)[0].lower()
    return base if base in LANGUAGES else None


def text(key: str, language: str | None = None) -> str:
    catalog = _catalog()
    return catalog.get(language or DEFAULT_LANGUAGE, {}).get(key) or catalog[DEFAULT_LANGUAGE][key]
