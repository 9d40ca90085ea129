"""Bot API methods that carry files: multipart uploads, or a file_id to resend a stored file."""

from .checks import MAX_UPLOAD, check_parse_mode, check_text
from .errors import ApiError, bad_request
from .methods import inline_markup, method
from .model import StoredFile
from .world import World


def _file_part(world: World, fields: dict, name: str) -> tuple[StoredFile, bool]:
    """The uploaded file, or the stored one a file_id names; the flag says whether it was uploaded."""
    value = fields.get(name)
    if isinstance(value, str):
        if value not in world.files:
            raise bad_request("wrong file identifier/HTTP URL specified")
        return world.files[value], False
    if value is None:
        raise bad_request(f"there is no {name} in the request")
    content = value.file.read()
    if len(content) > MAX_UPLOAD:
        raise ApiError(413, "Request Entity Too Large")
    mime = value.content_type or "application/octet-stream"
    return world.store_file(content, value.filename or name, mime), True


async def _send_file(world: World, fields: dict, kind: str) -> dict:
    chat = world.chat(fields.get("chat_id"))
    caption = fields.get("caption")
    check_text(caption, caption=True)
    check_parse_mode(caption, fields.get("parse_mode"))
    stored, _ = _file_part(world, fields, kind)
    message = chat.new_message(True, world.now(), caption=caption, reply_markup=inline_markup(fields),
                               **{kind: stored})
    await chat.record("sent", message)
    return world.as_json(message)


@method("sendDocument")
async def send_document(world: World, fields: dict) -> dict:
    return await _send_file(world, fields, "document")


@method("sendPhoto")
async def send_photo(world: World, fields: dict) -> dict:
    return await _send_file(world, fields, "photo")


@method("getFile")
async def get_file(world: World, fields: dict) -> dict:
    stored = world.files.get(fields.get("file_id") or "")
    if stored is None:
        raise bad_request("invalid file_id")
    return {"file_id": stored.file_id, "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.content), "file_path": f"files/{stored.file_id}"}
