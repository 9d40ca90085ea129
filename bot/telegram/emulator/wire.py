"""Bot API JSON shapes of the emulator's objects (what PTB parses; dates in seconds)."""

from .model import Chat, StoredFile, StoredMessage


def chat_json(chat: Chat) -> dict:
    return {"id": chat.id, "type": "private", "first_name": chat.user["first_name"]}


def document_json(file: StoredFile) -> dict:
    return {"file_id": file.file_id, "file_unique_id": file.file_unique_id, "file_name": file.filename,
            "mime_type": file.mime_type, "file_size": len(file.content)}


def photo_json(file: StoredFile) -> list[dict]:
    # Telegram sends several sizes; one is enough for PTB and for the page.
    return [{"file_id": file.file_id, "file_unique_id": file.file_unique_id, "width": 320,
             "height": 160, "file_size": len(file.content)}]


def message_json(message: StoredMessage, chat: Chat, bot_user: dict) -> dict:
    body: dict = {"message_id": message.message_id, "date": message.date, "chat": chat_json(chat),
                  "from": bot_user if message.from_bot else chat.user}
    optional = {"text": message.text, "caption": message.caption, "entities": message.entities,
                "reply_markup": message.reply_markup}
    body.update({key: value for key, value in optional.items() if value})
    if message.document:
        body["document"] = document_json(message.document)
    if message.photo:
        body["photo"] = photo_json(message.photo)
    return body


def command_entities(text: str) -> list[dict] | None:
    """A leading /command carries a bot_command entity, or PTB's CommandHandler ignores it."""
    if not text.startswith("/"):
        return None
    length = len(text.split(maxsplit=1)[0])
    return [{"type": "bot_command", "offset": 0, "length": length}] if length > 1 else None
