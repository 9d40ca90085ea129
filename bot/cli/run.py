"""`python -m bot run`: start the whole bot (see bot/local_stack.py)."""

import argparse
import logging

from bot.cli._common import add_database_option
from bot.config import load_settings


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("run", help="run the bot (local emulator and sandbox without credentials)")
    add_database_option(parser)
    parser.add_argument("--verbose", action="store_true", help="log at INFO level")
    parser.set_defaults(handler=run)


async def run(args: argparse.Namespace) -> int:
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    settings = load_settings(args.config, database_url=args.database)
    from bot.local_stack import run_bot

    return await run_bot(settings)
