"""Import of the billing system's CSV exports (docs/billing-import.md): lines and invoices.

Each file is all-or-nothing: every row is parsed and checked against the database inside one
transaction; if any row is bad, nothing is written and EVERY bad row is reported with its line
number. Importing the same file again changes nothing.
"""

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from storage.billing_import.invoices import plan_invoices, write_invoices
from storage.billing_import.lines import plan_lines, write_lines
from storage.billing_import.reader import read_export

if TYPE_CHECKING:
    from storage.database import Database

__all__ = ["ImportRefused", "ImportReport", "import_file"]


class ImportRefused(Exception):
    """The file was not imported; `errors` lists (line number, reason) for every bad row."""

    def __init__(self, path: Path, errors: list[tuple[int, str]]) -> None:
        self.path = path
        self.errors = sorted(errors)
        super().__init__(f"{path}: {len(self.errors)} bad row(s), nothing imported")

    def lines(self) -> list[str]:
        return [f"{self.path}:{number}: {reason}" for number, reason in self.errors]


@dataclass(frozen=True)
class ImportReport:
    path: Path
    kind: str
    rows: int
    inserted: int
    updated: int
    unchanged: int


async def import_file(db: "Database", path: Path) -> ImportReport:
    parsed = read_export(Path(path))
    if parsed.kind is None or (parsed.errors and not parsed.records):
        raise ImportRefused(parsed.path, parsed.errors)
    plan, write = (plan_lines, write_lines) if parsed.kind == "lines" else (plan_invoices, write_invoices)
    async with db.uow() as uow:
        inserts, updates, unchanged, errors = await plan(uow.connection, parsed.records)
        errors = parsed.errors + errors
        if errors:
            raise ImportRefused(parsed.path, errors)
        await write(uow.connection, inserts, updates)
        await uow.commit()
    return ImportReport(parsed.path, parsed.kind, len(parsed.records), len(inserts), len(updates), unchanged)
