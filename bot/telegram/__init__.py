"""Telegram channel: python-telegram-bot adapter (no PTB ConversationHandler: the engine owns the
state), polling and webhook modes, rate limits, and a local Bot API emulator for tests."""
