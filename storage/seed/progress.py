"""A plain text progress bar on stderr, redrawn at most five times a second."""

import sys
import time
from typing import TextIO


class ProgressBar:
    def __init__(self, total: int, label: str, enabled: bool = True, stream: TextIO | None = None) -> None:
        self.total = max(total, 1)
        self.label = label
        self.enabled = enabled
        self.stream = stream or sys.stderr
        self.done = 0
        self.started = time.perf_counter()
        self._drawn = 0.0

    def advance(self, count: int, detail: str = "") -> None:
        self.done += count
        now = time.perf_counter()
        if self.enabled and (now - self._drawn >= 0.2 or self.done >= self.total):
            self._drawn = now
            self._draw(detail)

    def note(self, text: str) -> None:
        if self.enabled:
            self.stream.write(f"\r\033[K{self.label}: {text}")
            self.stream.flush()

    def finish(self, text: str) -> None:
        if self.enabled:
            self.stream.write(f"\r\033[K{self.label}: {text}\n")
            self.stream.flush()

    def _draw(self, detail: str) -> None:
        share = min(self.done / self.total, 1.0)
        filled = int(share * 30)
        elapsed = time.perf_counter() - self.started
        self.stream.write(f"\r{self.label} [{'#' * filled}{'.' * (30 - filled)}] {share:4.0%} "
                          f"{self.done:,}/{self.total:,} {detail} {elapsed:5.1f}s")
        self.stream.flush()
