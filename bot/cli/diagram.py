"""`python -m bot diagram [FLOW]`: Mermaid state diagrams of the flows, from their tables."""

import argparse
import sys
from pathlib import Path

from bot.config import PROJECT_ROOT
from conversations.diagrams import document, mermaid, write_all
from conversations.flows import registry

DIAGRAMS_DIR = PROJECT_ROOT / "docs" / "diagrams"


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("diagram", help="print Mermaid diagrams of the conversation flows")
    parser.add_argument("flow", nargs="?", help="one flow name (default: all)")
    parser.add_argument("--write", action="store_true", help=f"refresh the files in {DIAGRAMS_DIR}")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    flows = registry()
    if args.write:
        for path in write_all(flows, Path(DIAGRAMS_DIR)):
            print(f"wrote {path}")
        return 0
    if args.flow:
        compiled = flows.get(args.flow)
        if compiled is None:
            print(f"no flow {args.flow!r}; known: {', '.join(flows.names)}", file=sys.stderr)
            return 2
        print(mermaid(compiled), end="")
        return 0
    for compiled in flows:
        print(document(compiled))
    return 0
