"""SMS tests: real databases (tests/support/databases.py) and, for @pytest.mark.kannel, a real
Kannel (bearerbox + smsbox + fakesmsc) started once per run on free ports with the project's own
template and starter (bot/sms/kannel)."""

import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

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

    def received(self, timeout: float = 6.0) -> tuple[str, str, str, str]:
        """The next MT fakesmsc got: (from, to, kind, payload as on the wire)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            lines = (self.run_dir / "fakesmsc.out").read_text(encoding="utf-8", errors="replace").splitlines()
            got = [ln.split("Got message ", 1)[1] for ln in lines if "Got message " in ln]
            if len(got) > self._read:
                self._read += 1
                message = got[self._read - 1].split(": <", 1)[1].rstrip(">")
                sender, receiver, kind, payload = message.split(" ", 3)
                return sender, receiver, kind, payload
            time.sleep(0.05)
        raise AssertionError(f"fakesmsc received nothing within {timeout} s")

    def nothing_more_received(self, wait: float) -> bool:
        try:
            self.received(timeout=wait)
        except AssertionError:
            return True
        return False


@pytest.fixture(scope="session")
def kannel(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Kannel]:
    run_dir = tmp_path_factory.mktemp("kannel")
    app_port = free_port()
    config = KannelConfig.on_free_ports(f"http://127.0.0.1:{app_port}/sms/mo", SECRET, run_dir,
                                        sendsms_password="test-sendsms-pw")
    instance = Kannel(config, write_config(config, run_dir / "kannel.conf"), run_dir, app_port)
    instance.start()
    try:
        yield instance
    finally:
        instance.stop()
