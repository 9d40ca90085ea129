"""Options shared by several subcommands."""

import argparse


def add_database_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--database", metavar="URL",
                        help="database URL (overrides config.yaml and DATABASE_URL)")
    parser.add_argument("--config", metavar="FILE", help="configuration file (default: config.yaml)")
