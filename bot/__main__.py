"""Command line: `python -m bot <command>`.

Each module of `bot.cli` contributes one or more subcommands through `register(subparsers)`; the
handler it sets with `set_defaults(handler=...)` receives the parsed arguments and returns the exit
status (it may be a coroutine function). A ConfigError from any command becomes one line per
problem and exit status 2.
"""

import argparse
import asyncio
import importlib
import inspect
import pkgutil
import sys

import bot.cli
from bot.config import ConfigError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description="Maroc Telecom billing chatbot")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module_info in sorted(pkgutil.iter_modules(bot.cli.__path__), key=lambda m: m.name):
        if module_info.name.startswith("_"):
            continue
        module = importlib.import_module(f"bot.cli.{module_info.name}")
        module.register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    try:
        result = args.handler(args)
        if inspect.iscoroutine(result):
            result = asyncio.run(result)
    except ConfigError as exc:  # every command reports a bad configuration the same way
        print("The configuration cannot be used:", file=sys.stderr)
        for problem in exc.problems:
            print(f"  - {problem}", file=sys.stderr)
        return 2
    return int(result or 0)


if __name__ == "__main__":
    sys.exit(main())
