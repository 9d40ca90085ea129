"""A polling bot, run as its own process, that hangs in every turn so a test can kill it mid-turn.

`python -m tests.telegram.dying_bot <emulator root url> <token>`: prints "frozen" once a turn has
started (the update has been fetched, nothing has been answered), then waits to be killed.
"""

import asyncio
import sys

from bot.telegram import TelegramChannel
from conversations.messages import Inbound, Outbound


class FreezesInEveryTurn:
    async def handle(self, inbound: Inbound) -> list[Outbound]:
        print("frozen", flush=True)
        await asyncio.Event().wait()
        return []


async def main(base_url: str, token: str) -> None:
    channel = TelegramChannel(FreezesInEveryTurn(), token=token, base_url=base_url, turn_wait=60)
    await channel.start()
    print("started", flush=True)
    await asyncio.Event().wait()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2]))
