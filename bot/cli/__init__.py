"""Subcommands of `python -m bot`, one module each, discovered at start."""
