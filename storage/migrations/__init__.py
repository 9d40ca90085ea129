"""Alembic migrations, shipped inside the package so `python -m bot migrate` finds them anywhere."""
