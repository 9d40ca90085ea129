"""`python -m bot seed --lines N`: deterministic demo data and the identities to try the bot with."""

import argparse
import sys
from datetime import date

from sqlalchemy.exc import DBAPIError

from bot.cli._common import add_database_option
from bot.config import load_settings
from storage.database import Database
from storage.seed import SeedRefused, format_identities, seed_database


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("seed", help="generate demo lines and 12 months of invoices")
    parser.add_argument("--lines", type=int, required=True, metavar="N", help="number of lines to generate")
    parser.add_argument("--today", type=date.fromisoformat, metavar="YYYY-MM-DD",
                        help="the 'current' day the data is relative to (default: today in Casablanca)")
    parser.add_argument("--reset", action="store_true", help="delete existing lines, invoices and accounts first")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    add_database_option(parser)
    parser.set_defaults(handler=run)


async def run(args: argparse.Namespace) -> int:
    if args.lines < 1:
        print("--lines must be at least 1", file=sys.stderr)
        return 2
    settings = load_settings(args.config, database_url=args.database)
    db = Database.open(settings.database.url)
    try:
        await db.migrate()
        report = await seed_database(db, args.lines, today=args.today, progress=not args.quiet,
                                     reset=args.reset)
    except SeedRefused as exc:
        print(f"seed refused: {exc}", file=sys.stderr)
        return 1
    except (OSError, DBAPIError) as exc:
        print(f"cannot use the database {db!r}: {getattr(exc, 'orig', None) or exc}", file=sys.stderr)
        return 2
    finally:
        await db.close()
    print(f"{report.lines:,} lines and {report.invoices:,} invoices in {report.seconds:.1f} s "
          f"({(report.lines + report.invoices) / report.seconds:,.0f} rows/s)\n")
    print("Test identities:")
    print(format_identities(report.identities))
    return 0
