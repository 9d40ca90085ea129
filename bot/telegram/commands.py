"""The bot's command menu, in French (also the default), Arabic and English."""

import logging

from telegram import Bot, BotCommand
from telegram.error import TelegramError

from .texts import COMMANDS, DEFAULT_LANGUAGE, LANGUAGES, text

log = logging.getLogger(__name__)


def commands_in(language: str) -> list[BotCommand]:
    return [BotCommand(name, text(f"telegram.command.{name}", language)) for name in COMMANDS]


async def register_commands(bot: Bot) -> None:
    """Users whose app speaks none of our languages see the French menu."""
    try:
        await bot.set_my_commands(commands_in(DEFAULT_LANGUAGE))
        for language in LANGUAGES:
            await bot.set_my_commands(commands_in(language), language_code=language)
    except TelegramError as error:  # a missing menu must not keep the bot from starting
        log.warning("could not register the command menu: %s", error)
