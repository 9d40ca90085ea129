"""`python -m bot emulator`: run the local Telegram Bot API emulator alone (with its chat page).

Point the bot at it with `telegram.base_url: http://127.0.0.1:8081` (or IAM_TELEGRAM__BASE_URL),
then open http://127.0.0.1:8081/?user=1001 to chat with the bot in a browser.
"""

import argparse
import asyncio
import logging

from bot.config import load_settings


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("emulator", help="run the local Telegram Bot API emulator")
    parser.add_argument("--config", metavar="FILE", help="configuration file (default: config.yaml)")
    parser.add_argument("--host", help="listen address (default: telegram.emulator_host)")
    parser.add_argument("--port", type=int, help="listen port (default: telegram.emulator_port)")
    parser.add_argument("--no-flood-limits", action="store_true", help="never answer 429 for flooding")
    parser.set_defaults(handler=run)


async def run(args: argparse.Namespace) -> int:
    from bot.telegram.emulator import EmulatorServer

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    settings = load_settings(args.config)
    # The bot's token (if set) so the same environment runs both; a fixed one otherwise.
    server = EmulatorServer.from_settings(settings)
    server.host, server.port = args.host or server.host, args.port or server.port
    server.world.limits.enforce_rate = not args.no_flood_limits
    await server.start()
    print(f"Bot API emulator on {server.root_url} (base_url for the bot: {server.root_url})")
    print(f"Chat page: {server.root_url}/?user=1001&name=Client&lang=fr")
    try:
        await asyncio.Event().wait()
    except asyncio.CancelledError:
        pass
    finally:
        await server.stop()
    return 0
