"""`python -m bot import FILE...`: load lines and invoices from the billing system's CSV exports.

Files are imported in the order given (lines before the invoices that refer to them), each one
all-or-nothing. The exit status is 1 if any file was refused.
"""

import argparse
import sys
from pathlib import Path

from sqlalchemy.exc import DBAPIError

from bot.cli._common import add_database_option
from bot.config import load_settings
from storage.billing_import import ImportRefused, import_file
from storage.database import Database


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("import", help="import lines and invoices from billing CSV exports",
                                   description="See docs/billing-import.md for the columns.")
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE", help="CSV export (lines or invoices)")
    add_database_option(parser)
    parser.set_defaults(handler=run)


async def run(args: argparse.Namespace) -> int:
    settings = load_settings(args.config, database_url=args.database)
    db = Database.open(settings.database.url)
    refused = 0
    try:
        await db.migrate()
        for path in args.files:
            try:
                report = await import_file(db, path)
            except ImportRefused as exc:
                refused += 1
                print(f"{exc}:", file=sys.stderr)
                print("\n".join(f"  {line}" for line in exc.lines()), file=sys.stderr)
                continue
            print(f"{path}: {report.rows} {report.kind} rows: {report.inserted} new, {report.updated} updated, "
                  f"{report.unchanged} unchanged")
    except (OSError, DBAPIError) as exc:
        print(f"cannot use the database {db!r}: {getattr(exc, 'orig', None) or exc}", file=sys.stderr)
        return 2
    finally:
        await db.close()
    return 1 if refused else 0
