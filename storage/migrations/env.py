"""Alembic environment: runs on the connection handed over by storage.migrate.

Run through `python -m bot migrate` (or storage.migrate.migrate); the async engine lends one of
its connections via `config.attributes["connection"]`.
"""

from alembic import context

from storage.tables import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations with `python -m bot migrate`, which provides the connection")

context.configure(connection=connection, target_metadata=metadata, render_as_batch=True,
                  compare_type=True)
with context.begin_transaction():
    context.run_migrations()
