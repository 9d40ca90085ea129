"""The demo database a replay runs on, and the `{demo.*}` variables scenarios may use.

Each scenario gets a fresh copy of a seeded SQLite template (one template per seed day), so no
scenario sees another's conversations, accounts or payments.
"""

import shutil
from dataclasses import asdict
from datetime import date
from pathlib import Path

from storage.database import Database
from storage.seed import demo_identities, seed_database

DEMO_LINES = 60  # enough for every showcase identity, seeded in well under a second

# storage.seed lists its showcase identities in this order; the names are what scenarios write.
IDENTITY_NAMES = ("mobile", "fixe", "duo", "entreprise", "family", "new_line", "paid_mobile", "internet")


def identity_variables(today: date) -> dict:
    """{"mobile": {"msisdn": ..., "customer_number": ..., "code": ..., ...}, "fixe": {...}, ...}."""
    variables = {}
    for name, identity in zip(IDENTITY_NAMES, demo_identities(today, DEMO_LINES), strict=False):
        fields = {k: ("" if v is None else v) for k, v in asdict(identity).items()}
        fields["code"] = fields["payment_code"]
        variables[name] = fields
    return variables


class DemoDatabases:
    """Seeded templates under `folder`, copied once per scenario."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._templates: dict[date, Path] = {}
        self._copies = 0

    async def _template(self, today: date) -> Path:
        if today not in self._templates:
            path = self.folder / f"template-{today.isoformat()}.sqlite3"
            db = Database.open(f"sqlite+aiosqlite:///{path}")
            try:
                await db.migrate()
                await seed_database(db, DEMO_LINES, today=today, progress=False)
            finally:
                await db.close()
            self._templates[today] = path
        return self._templates[today]

    async def fresh_url(self, today: date) -> str:
        self._copies += 1
        copy = self.folder / f"scenario-{self._copies}.sqlite3"
        shutil.copyfile(await self._template(today), copy)
        return f"sqlite+aiosqlite:///{copy}"
