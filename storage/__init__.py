"""Storage: SQLAlchemy 2 async behind the domain's ports; SQLite by default, PostgreSQL to scale out.

Entry point: `storage.database.Database.open(url)`. Nothing here opens a connection at import time.
"""
