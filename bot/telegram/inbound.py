"""Telegram updates -> neutral Inbound events (private chats only: billing is personal)."""

from datetime import datetime

from telegram import Message, Update
from telegram.constants import ChatType

from conversations.messages import Attachment, Inbound

from .texts import language_of


def conversation_key(chat_id: int) -> str:
    return f"telegram:{chat_id}"


def chat_id_of(key: str) -> int:
    channel, _, address = key.partition(":")
    if channel != "telegram" or not address.lstrip("-").isdigit():
        raise ValueError(f"not a Telegram conversation key: {key!r}")
    return int(address)


def user_message_id(inbound_message_id: str | None) -> int | None:
    """Our Inbound.message_id for a message is "<chat_id>:<message_id>"; Telegram wants the latter."""
    tail = (inbound_message_id or "").rsplit(":", 1)[-1]
    return int(tail) if tail.isdigit() else None


def attachment_of(message: Message) -> Attachment | None:
    if message.photo:
        return Attachment("photo", file_id=message.photo[-1].file_id, mime_type="image/jpeg")
    if message.document:
        document = message.document
        return Attachment("document", file_id=document.file_id, filename=document.file_name,
                          mime_type=document.mime_type)
    return None


def to_inbound(update: Update, now: datetime) -> Inbound | None:
    """The Inbound for this update, or None for what the bot ignores (groups, edits, channels)."""
    chat = update.effective_chat
    if chat is None or chat.type != ChatType.PRIVATE:
        return None
    user = update.effective_user
    language = language_of(user.language_code if user else None)
    key = conversation_key(chat.id)
    if update.callback_query is not None:
        query = update.callback_query
        return Inbound(key=key, at=now, choice_id=query.data, message_id=f"cb:{query.id}",
                       language_hint=language)
    message = update.message
    if message is None:
        return None
    return Inbound(key=key, at=now, text=message.text if message.text is not None else message.caption,
                   attachment=attachment_of(message), message_id=f"{chat.id}:{message.message_id}",
                   language_hint=language)
