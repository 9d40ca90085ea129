"""SMS tests: real databases (tests/support/databases.py) and, for @pytest.mark.kannel, a real
Kannel (bearerbox + smsbox + fakesmsc) started once per run on free ports with the project's own
template and starter (bot/sms/kannel)."""

import asyncio
import shutil
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote_to_bytes

import pytest

from bot.sms.kannel import KannelConfig, KannelStack, free_port, start_kannel, stop_kannel
from bot.sms.kannel.config import write_config
from tests.sms.builders import SECRET
from tests.support.databases import database, postgres_url, sqlite_template  # noqa: F401


@dataclass
class Kannel:
    """A running Kannel and a way to talk to it as the phones (through fakesmsc)."""

    config: KannelConfig
    config_file: Path
    run_dir: Path
    app_port: int
    stack: KannelStack | None = None
    _read: int = 0

    def start(self) -> None:
        self.stack = start_kannel(self.config_file, self.run_dir, fakesmsc=True)
        self._read = 0

    def stop(self) -> None:
        stop_kannel(self.run_dir)
        self.stack = None

    def phone_sends(self, sender: str, text: str, receiver: str = "1117") -> None:
        with open(self.run_dir / "fakesmsc.in", "w", encoding="utf-8") as fifo:
            fifo.write(f"{sender} {receiver} text {text}\n")

    async def received(self, timeout: float = 6.0) -> tuple[str, str, str, str]:
        """The next MT fakesmsc got: (from, to, kind, payload as on the wire).

        Async, so the responder served by the same event loop can answer Kannel meanwhile.
        """
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            lines = (self.run_dir / "fakesmsc.out").read_text(encoding="utf-8", errors="replace").splitlines()
            got = [ln.split("Got message ", 1)[1] for ln in lines if "Got message " in ln]
            if len(got) > self._read:
                self._read += 1
                message = got[self._read - 1].split(": <", 1)[1].rstrip(">")
                sender, receiver, kind, payload = message.split(" ", 3)
                return sender, receiver, kind, payload
            await asyncio.sleep(0.05)
        raise AssertionError(f"fakesmsc received nothing within {timeout} s")


def decode(kind: str, payload: str) -> str:
    """A fakesmsc MT payload as text: raw for 'text', URL-encoded UTF-16BE for 'ucs-2'."""
    if kind == "text":
        return payload
    raw = unquote_to_bytes(payload.replace("+", "%20"))
    return raw.decode("utf-16-be" if kind == "ucs-2" else "utf-8")


@pytest.fixture(scope="session")
def kannel() -> Iterator[Kannel]:
    # Not under pytest's basetemp: concurrent pytest runs rotate (delete) old basetemps, and the
    # boxes read their config and write their store here for the whole session.
    run_dir = Path(tempfile.mkdtemp(prefix="iam-kannel-"))
    app_port = free_port()
    config = KannelConfig.on_free_ports(f"http://127.0.0.1:{app_port}/sms/mo", SECRET, run_dir,
                                        sendsms_password="test-sendsms-pw")
    instance = Kannel(config, write_config(config, run_dir / "kannel.conf"), run_dir, app_port)
    instance.start()
    try:
        yield instance
    finally:
        instance.stop()
        shutil.rmtree(run_dir, ignore_errors=True)
