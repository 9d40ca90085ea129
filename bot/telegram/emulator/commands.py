"""setMyCommands / getMyCommands / deleteMyCommands, per scope and language like Telegram."""

from .errors import bad_request
from .methods import as_json, method
from .world import World


def _key(fields: dict) -> tuple[str, str]:
    scope = as_json(fields.get("scope"), {"type": "default"})
    return scope.get("type", "default"), fields.get("language_code") or ""


@method("setMyCommands")
async def set_my_commands(world: World, fields: dict) -> bool:
    commands = as_json(fields.get("commands"), [])
    if len(commands) > 100:
        raise bad_request("too many commands")
    for command in commands:
        name, description = command.get("command", ""), command.get("description", "")
        if not (1 <= len(name) <= 32 and name.replace("_", "").isalnum() and name.islower()):
            raise bad_request("BOT_COMMAND_INVALID")
        if not 1 <= len(description) <= 256:
            raise bad_request("command description must be 1-256 characters")
    world.commands[_key(fields)] = commands
    return True


@method("getMyCommands")
async def get_my_commands(world: World, fields: dict) -> list[dict]:
    key = _key(fields)
    return world.commands.get(key) or world.commands.get((key[0], ""), [])


@method("deleteMyCommands")
async def delete_my_commands(world: World, fields: dict) -> bool:
    world.commands.pop(_key(fields), None)
    return True
