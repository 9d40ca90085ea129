"""`python -m bot migrate`: bring the database schema to the latest revision."""

import argparse
import sys

from sqlalchemy.exc import DBAPIError

from bot.cli._common import add_database_option
from bot.config import load_settings
from storage.database import Database


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("migrate", help="apply the database migrations (also done at start-up)")
    add_database_option(parser)
    parser.set_defaults(handler=run)


async def run(args: argparse.Namespace) -> int:
    settings = load_settings(args.config, database_url=args.database)
    db = Database.open(settings.database.url)
    try:
        revision = await db.migrate()
    except (OSError, DBAPIError) as exc:
        print(f"cannot use the database {db!r}: {getattr(exc, 'orig', None) or exc}", file=sys.stderr)
        return 2
    finally:
        await db.close()
    print(f"{db!r}: schema at revision {revision}")
    return 0
