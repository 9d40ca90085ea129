"""The demo base as a stream of batches (line rows, invoice rows), in-process or from a worker.

Generating twelve million tuples is as much work as inserting them, so for big bases a worker
process generates while the loading process inserts: the two cores each do one half. Rows cross
a pipe pickled, in batches of 20,000 lines; both ways give identical data.
"""

import pickle
import signal
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from itertools import islice
from pathlib import Path

from storage.seed.invoices import FIRST_INVOICE_SEQUENCE, Calendar, invoice_rows
from storage.seed.plan import Planner

BATCH_LINES = 20_000
WORKER_FROM_LINES = 100_000  # below this, starting a process costs more than it saves
Batch = tuple[list[tuple], list[tuple]]
_PROJECT_ROOT = Path(__file__).resolve().parents[2]  # where `python -m storage...` finds the package


def generate(total_lines: int, today: date, text: bool) -> Iterator[Batch]:
    """Line rows and invoice rows, batch after batch; dates as text for SQLite (`text`), as
    date/datetime objects for PostgreSQL's COPY."""
    calendar = Calendar.for_today(today, text=text)
    lines = Planner(total_lines, today).lines()
    sequence = FIRST_INVOICE_SEQUENCE
    while batch := list(islice(lines, BATCH_LINES)):
        rows = invoice_rows(batch, sequence, calendar)
        sequence += len(rows)
        if text:
            yield [(*line[:5], str(line[5]), *line[6:10]) for line in batch], rows
        else:
            yield [line[:10] for line in batch], rows


def batches(total_lines: int, today: date, text: bool, worker: bool | None = None) -> Iterator[Batch]:
    """`generate`, run by a worker process when the base is big (or when `worker` says so)."""
    if worker is None:
        worker = total_lines >= WORKER_FROM_LINES
    return _from_worker(total_lines, today, text) if worker else generate(total_lines, today, text)


def _from_worker(total_lines: int, today: date, text: bool) -> Iterator[Batch]:
    """Batches pickled by `python -m storage.seed.batches` through a pipe.

    A plain subprocess rather than multiprocessing: nothing of the caller's __main__ is re-run and
    nothing is forked from a process that runs threads. The pipe's capacity paces the generator.
    """
    command = [sys.executable, "-m", "storage.seed.batches", str(total_lines), today.isoformat(),
               "text" if text else "objects"]
    worker = subprocess.Popen(command, stdout=subprocess.PIPE, bufsize=1 << 20, cwd=_PROJECT_ROOT)
    try:
        while True:
            try:
                yield pickle.load(worker.stdout)
            except EOFError:
                break
    finally:
        if worker.poll() is None:
            worker.kill()
        worker.stdout.close()
        if worker.wait() not in (0, -signal.SIGKILL):
            raise RuntimeError(f"the seed generator failed (exit status {worker.returncode})")


def _serve(argv: list[str]) -> None:
    total_lines, today, text = int(argv[0]), date.fromisoformat(argv[1]), argv[2] == "text"
    out = sys.stdout.buffer
    for batch in generate(total_lines, today, text):
        pickle.dump(batch, out, protocol=pickle.HIGHEST_PROTOCOL)
    out.flush()


if __name__ == "__main__":
    _serve(sys.argv[1:])
