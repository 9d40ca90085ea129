"""A local Telegram Bot API for tests, benchmarks and demos: PTB talks to it over real HTTP.

`EmulatorServer(token)` serves the Bot API under /bot<token>/, files under /file/bot<token>/, and a
chat page at /. `server.user(id)` is a simulated user; `server.world` holds chats, the call log,
limits and injected faults.
"""

from .checks import Fault
from .errors import ApiError
from .server import EmulatorServer
from .users import Reply, SimUser
from .world import World

__all__ = ["ApiError", "EmulatorServer", "Fault", "Reply", "SimUser", "World"]
