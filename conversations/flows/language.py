"""Language choice (fr, ar, en), stored with the conversation. Also the example in README.md."""

from conversations.context import Ctx
from conversations.flow import Flow, Option, Prompt, Step

NAMES = {"fr": "Français", "ar": "العربية", "en": "English"}


def ask_language(ctx: Ctx) -> Prompt:
    # Each language is named in itself, so a user lost in a language they do not read finds theirs.
    return Prompt(ctx.t("language.ask"), [Option(code, name, code) for code, name in NAMES.items()])


def change_language(ctx: Ctx, language: str) -> str:
    ctx.set_language(language)
    return "language_chosen"


FLOW = Flow(
    name="language",
    title="Language",
    steps=[
        Step("choosing", prompt=ask_language, then=change_language),
        Step("changed", prompt="language.changed", final=True),
    ],
    transitions=[("language_chosen", "choosing", "changed")],
)
