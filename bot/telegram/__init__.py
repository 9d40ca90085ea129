"""Telegram channel: python-telegram-bot adapter (no PTB ConversationHandler: the engine owns the
state), polling and webhook modes, rate limits, and a local Bot API emulator for tests."""

from .channel import TelegramChannel
from .webhook import add_telegram_webhook_route

__all__ = ["TelegramChannel", "add_telegram_webhook_route"]
