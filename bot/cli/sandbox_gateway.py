"""`python -m bot sandbox-gateway`: run the stand-in CMI gateway (store key from CMI_STORE_KEY)."""

import argparse
import os
import sys

from aiohttp import web

from bot.cmi.sandbox import make_sandbox_app


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("sandbox-gateway", help="run the sandbox CMI payment gateway")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8082)
    parser.add_argument("--callback-repeats", type=int, default=1,
                        help="how many times each callback is posted (idempotency tests)")
    parser.add_argument("--callback-delay", type=float, default=0.0,
                        help="seconds before the callbacks; >0 redirects the browser first")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    store_key = os.environ.get("CMI_STORE_KEY", "")
    if not store_key:
        print("CMI_STORE_KEY is not set: the sandbox needs the same store key as the bot.", file=sys.stderr)
        return 2
    app = make_sandbox_app(store_key, callback_repeats=args.callback_repeats,
                           callback_delay=args.callback_delay)
    print(f"Sandbox CMI gateway on http://{args.host}:{args.port}/fim/est3Dgate", flush=True)
    web.run_app(app, host=args.host, port=args.port, print=None)
    return 0
