"""Reading one export file: encoding, delimiter, header, and one parse per row with its line number."""

import csv
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from storage.billing_import.records import RowProblems, header_key, kind_of, parse_invoice, parse_line


@dataclass
class ParsedFile:
    path: Path
    kind: str | None
    records: list[tuple[int, object]] = field(default_factory=list)  # (line number, record)
    errors: list[tuple[int, str]] = field(default_factory=list)


def read_export(path: Path) -> ParsedFile:
    """Parse every row; bad rows are collected with their line number (the header is line 1)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        return ParsedFile(path, None, errors=[(0, f"cannot read the file ({exc})")])
    lines = text.splitlines()
    if not lines:
        return ParsedFile(path, None, errors=[(1, "empty file: a header line is expected")])
    delimiter = ";" if lines[0].count(";") > lines[0].count(",") else ","
    reader = csv.reader(lines, delimiter=delimiter)
    header = [header_key(cell) for cell in next(reader)]
    kind = kind_of(header)
    parsed = ParsedFile(path, kind)
    if kind is None:
        parsed.errors.append((1, f"unrecognised header {','.join(header)!r}: see docs/billing-import.md"))
        return parsed
    parse: Callable[[dict[str, str]], object] = parse_line if kind == "lines" else parse_invoice
    for cells in reader:
        number = reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(header):
            parsed.errors.append((number, f"expected {len(header)} columns, got {len(cells)}"))
            continue
        try:
            parsed.records.append((number, parse(dict(zip(header, map(str.strip, cells), strict=True)))))
        except RowProblems as exc:
            parsed.errors.append((number, str(exc)))
    return parsed
