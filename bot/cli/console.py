"""`python -m bot console`: chat with the bot in the terminal, on the same engine and database."""

import argparse
from pathlib import Path

from bot.cli._common import add_database_option
from bot.config import PROJECT_ROOT, load_settings
from bot.console import Console
from bot.scenarios.runtime import memory_engine, open_chat_engine
from domain.clock import system_clock


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("console", help="chat with the bot in the terminal")
    add_database_option(parser)
    parser.add_argument("--as", dest="address", default="agent",
                        help="who you are in the conversation key console:ADDRESS (default: agent)")
    parser.add_argument("--files", type=Path, default=PROJECT_ROOT / "data" / "console-files",
                        help="folder where documents and images are saved")
    parser.add_argument("--memory", action="store_true", help="keep the conversation in memory only")
    parser.set_defaults(handler=run)


async def run(args: argparse.Namespace) -> int:
    settings = load_settings(args.config, database_url=args.database)
    key = f"console:{args.address}"
    if args.memory:
        return await Console(memory_engine(settings, system_clock), system_clock, files_dir=args.files, key=key).run()
    async with open_chat_engine(settings, system_clock) as engine:
        return await Console(engine, system_clock, files_dir=args.files, key=key).run()
