"""Global commands, understood at every step: /start, /menu, /cancel, /help, /lang.

SMS users cannot type a slash easily, so a message made of one of the bare words below is a
command too, except while a secret is expected (a password may well be "menu").
"""

MENU, CANCEL, HELP, LANG = "menu", "cancel", "help", "lang"

_SLASHED = {"start": MENU, "menu": MENU, "cancel": CANCEL, "annuler": CANCEL, "help": HELP, "aide": HELP,
            "lang": LANG, "langue": LANG, "language": LANG}
_BARE = {"menu": MENU, "accueil": MENU, "قائمة": MENU, "annuler": CANCEL, "cancel": CANCEL, "إلغاء": CANCEL,
         "aide": HELP, "help": HELP, "مساعدة": HELP, "langue": LANG, "language": LANG, "لغة": LANG}
# Buttons that offer a command carry these ids; they never expire.
COMMAND_CHOICE_IDS = {f"/{name}": name for name in (MENU, CANCEL, HELP, LANG)}
UNKNOWN = "unknown"


def parse_command(text: str | None, *, secret: bool) -> str | None:
    """The command a message asks for, UNKNOWN for an unknown /word, or None for plain input."""
    if not text:
        return None
    words = text.strip().split()
    if len(words) != 1 and not (words and words[0].startswith("/")):
        return None
    first = words[0]
    if first.startswith("/") and len(first) > 1:
        name = first[1:].split("@", 1)[0].casefold()
        return _SLASHED.get(name, UNKNOWN)
    return None if secret else _BARE.get(first.casefold())
