"""python -m bot.sms.kannel render|start|stop — the project's Kannel by hand (see docs/sms.md).

  render OUT --service-url URL [--run-dir DIR]   write a config on free ports (secret: env
                                                 SMS_SERVICE_SECRET, sendsms password: KANNEL_PASSWORD)
  start CONFIG RUN_DIR [--no-fakesmsc]           start the boxes, print KEY=VALUE lines
  stop RUN_DIR                                   stop them
"""

import argparse
import os
import sys
from pathlib import Path

from bot.sms.kannel.config import KannelConfig, write_config
from bot.sms.kannel.process import KannelError, start_kannel, stop_kannel


def _render(args: argparse.Namespace) -> int:
    run_dir = Path(args.run_dir).resolve()
    extra = {"sendsms_password": os.environ["KANNEL_PASSWORD"]} if os.environ.get("KANNEL_PASSWORD") else {}
    config = KannelConfig.on_free_ports(args.service_url, os.environ.get("SMS_SERVICE_SECRET", ""), run_dir,
                                        **extra)
    write_config(config, Path(args.out))
    print(f"CONFIG={Path(args.out).resolve()}\nSENDSMS_URL={config.sendsms_url}\nADMIN_URL={config.admin_url}"
          f"\nFAKESMSC_PORT={config.fakesmsc_port}")
    return 0


def _start(args: argparse.Namespace) -> int:
    stack = start_kannel(Path(args.config).resolve(), Path(args.run_dir).resolve(), fakesmsc=not args.no_fakesmsc)
    for name, pid in stack.pids.items():
        print(f"{name.upper()}_PID={pid}")
    print(f"ADMIN_URL=http://127.0.0.1:{stack.admin_port}\nFAKESMSC_PORT={stack.fakesmsc_port}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.sms.kannel")
    commands = parser.add_subparsers(dest="command", required=True)
    render = commands.add_parser("render")
    render.add_argument("out")
    render.add_argument("--service-url", required=True)
    render.add_argument("--run-dir", default="data/kannel")
    render.set_defaults(handler=_render)
    start = commands.add_parser("start")
    start.add_argument("config")
    start.add_argument("run_dir")
    start.add_argument("--no-fakesmsc", action="store_true")
    start.set_defaults(handler=_start)
    stop = commands.add_parser("stop")
    stop.add_argument("run_dir")
    stop.set_defaults(handler=lambda a: 0 if stop_kannel(Path(a.run_dir)) else 1)
    args = parser.parse_args(argv)
    try:
        return args.handler(args)
    except (KannelError, ValueError) as exc:
        print(f"kannel: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
