from tests.support.databases import database, postgres_url, sqlite_template  # noqa: F401 - fixtures
