"""Command line: `python -m bot <command>`.

Each module of `bot.cli` contributes one or more subcommands through `register(subparsers)`; the
handler it sets with `set_defaults(handler=...)` receives the parsed arguments and returns the exit
status (it may be a coroutine function).
"""

import argparse
import asyncio
import importlib
import inspect
import pkgutil
import sys

import bot.cli


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
    result = args.handler(args)
    if inspect.iscoroutine(result):
        result = asyncio.run(result)
    return int(result or 0)


if __name__ == "__main__":
    sys.exit(main())
