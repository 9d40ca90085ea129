"""`python -m bot replay PATH...`: replay scenario transcripts (conversations/SCENARIOS.md)."""

import argparse
from pathlib import Path

from bot.cli._common import add_database_option
from bot.config import load_settings
from bot.scenarios.replay import replay


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("replay", help="replay scenario files against a fresh demo database")
    parser.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="scenario files or folders")
    add_database_option(parser)  # only --config matters: each scenario gets its own temporary database
    parser.set_defaults(handler=run)


async def run(args: argparse.Namespace) -> int:
    return await replay(args.paths, load_settings(args.config))
