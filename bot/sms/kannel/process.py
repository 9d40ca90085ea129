"""Start and stop bearerbox, smsbox and (optionally) fakesmsc for a rendered configuration.

The order and the readiness checks follow the verified recipe: bearerbox first, until its status
page says "Status: running"; then smsbox (started earlier it exits with "Couldn't connect to the
bearerbox"), until the status page lists it and sendsms answers; then fakesmsc, until the fake SMSC
is "online". Each box runs in its own session so a terminal's SIGHUP (a graceful restart for
bearerbox) never reaches it. Stop: fakesmsc first (it crashes noisily if bearerbox goes first),
then SIGTERM to bearerbox, which tells smsbox to die; SIGKILL after a timeout.
"""

import os
import signal
import socket
import subprocess
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

BIN_DIR = Path(os.environ.get("KANNEL_BIN_DIR", "/usr/sbin"))
FAKESMSC = Path(os.environ.get("FAKESMSC_BIN", "/usr/lib/kannel/test/fakesmsc"))
ORDER = ("bearerbox", "smsbox", "fakesmsc")


class KannelError(Exception):
    """A box did not start (port in use, crash, not ready in time) or is not installed."""


@dataclass
class KannelStack:
    """Running boxes of one configuration; `fakesmsc_out` is where fakesmsc logs every MT."""

    run_dir: Path
    admin_port: int
    smsbox_port: int
    fakesmsc_port: int
    pids: dict[str, int] = field(default_factory=dict)
    processes: dict[str, subprocess.Popen] = field(default_factory=dict, repr=False)

    @property
    def fakesmsc_in(self) -> Path:
        return self.run_dir / "fakesmsc.in"

    @property
    def fakesmsc_out(self) -> Path:
        return self.run_dir / "fakesmsc.out"

    def status(self) -> str:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.admin_port}/status.txt", timeout=2) as r:
                return r.read().decode("utf-8", "replace")
        except OSError:
            return ""


def _config_value(config: str, key: str) -> int:
    for line in config.splitlines():
        name, _, value = line.partition("=")
        if name.strip() == key:
            return int(value.strip().strip('"'))
    raise KannelError(f"{key} not found in the configuration")


def _port_in_use(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.5)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def _spawn(stack: KannelStack, name: str, argv: list[str], stdin=subprocess.DEVNULL) -> None:
    with open(stack.run_dir / f"{name}.out", "wb") as out:
        process = subprocess.Popen(argv, stdin=stdin, stdout=out, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    stack.pids[name] = process.pid
    stack.processes[name] = process
    (stack.run_dir / f"{name}.pid").write_text(str(process.pid))


def _wait_for(stack: KannelStack, name: str, ready: Callable[[], bool], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not ready():
        # poll(), not /proc/PID/comm: just after the spawn comm may still read "python".
        status = stack.processes[name].poll()
        if status is not None:
            raise KannelError(f"{name} exited during start-up (status {status}): "
                              f"{_tail(stack.run_dir / f'{name}.out')}")
        if time.monotonic() > deadline:
            raise KannelError(f"{name} not ready after {timeout:.0f} s")
        time.sleep(0.05)


def start_kannel(config_file: Path, run_dir: Path, fakesmsc: bool = True, timeout: float = 20) -> KannelStack:
    """Start the boxes and return once each is ready; on failure stop what was started and raise."""
    config = config_file.read_text(encoding="utf-8")
    if "{{" in config:
        raise KannelError(f"{config_file} still has placeholders")
    run_dir.mkdir(parents=True, exist_ok=True)
    ports = [_config_value(config, key) for key in ("admin-port", "smsbox-port", "port", "sendsms-port")]
    busy = [port for port in ports if _port_in_use(port)]
    if busy:
        raise KannelError(f"ports already in use on 127.0.0.1: {busy}")
    for binary in (BIN_DIR / "bearerbox", BIN_DIR / "smsbox") + ((FAKESMSC,) if fakesmsc else ()):
        if not binary.exists():
            raise KannelError(f"{binary} missing: install the Debian packages kannel and kannel-extras")
    stack = KannelStack(run_dir, admin_port=ports[0], smsbox_port=ports[1], fakesmsc_port=ports[2])
    try:
        _start_boxes(stack, config_file, ports[3], fakesmsc, timeout)
    except BaseException:
        stop_kannel(run_dir)
        raise
    return stack


def _start_boxes(stack: KannelStack, config_file: Path, sendsms_port: int, fakesmsc: bool,
                 timeout: float) -> None:
    _spawn(stack, "bearerbox", [str(BIN_DIR / "bearerbox"), "-v", "2", str(config_file)])
    # "Status: running" can come before the box and SMSC listeners on a busy machine (seen here:
    # smsbox then dies with "Couldn't connect to the bearerbox"), so wait for those ports too.
    _wait_for(stack, "bearerbox", lambda: "Status: running" in stack.status()
              and _port_in_use(stack.smsbox_port) and _port_in_use(stack.fakesmsc_port), timeout)
    _spawn(stack, "smsbox", [str(BIN_DIR / "smsbox"), "-v", "2", str(config_file)])
    _wait_for(stack, "smsbox", lambda: _smsbox_listed(stack) and _port_in_use(sendsms_port), timeout)
    if fakesmsc:
        fifo = stack.fakesmsc_in
        fifo.unlink(missing_ok=True)
        os.mkfifo(fifo)
        # Opened read-write: fakesmsc never sees EOF and opening never blocks.
        fd = os.open(fifo, os.O_RDWR)
        try:
            _spawn(stack, "fakesmsc", [str(FAKESMSC), "-H", "127.0.0.1", "-r", str(stack.fakesmsc_port),
                                       "-i", "0.01"], stdin=fd)
        finally:
            os.close(fd)
        _wait_for(stack, "fakesmsc", lambda: f"FAKE:{stack.fakesmsc_port} (online" in stack.status(), timeout)


def _smsbox_listed(stack: KannelStack) -> bool:
    return any(line.strip().startswith("smsbox:") for line in stack.status().splitlines())


def _alive(pid: int, name: str) -> bool:
    """Alive (not a zombie) and still the same program (a recorded PID may have been reused)."""
    try:
        same = Path(f"/proc/{pid}/comm").read_text().strip() == name
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return same and state != "Z"


def _tail(path: Path, lines: int = 10) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no output)"


def stop_kannel(run_dir: Path, timeout: float = 15) -> bool:
    """Stop what start_kannel recorded in run_dir; True if everything exited without SIGKILL."""
    clean = True
    for name in ("fakesmsc", "bearerbox", "smsbox"):
        pid_file = run_dir / f"{name}.pid"
        pid = int(pid_file.read_text()) if pid_file.exists() else None
        if pid and _alive(pid, name):
            clean &= _terminate(pid, name, timeout)
        if pid:
            _reap(pid)
        pid_file.unlink(missing_ok=True)
    (run_dir / "fakesmsc.in").unlink(missing_ok=True)
    return clean


def _terminate(pid: int, name: str, timeout: float) -> bool:
    # smsbox normally leaves by itself once bearerbox is gone: give it a moment before SIGTERM.
    if name == "smsbox":
        _wait_gone(pid, name, 3)
    if _alive(pid, name):
        os.kill(pid, signal.SIGTERM)
    if _wait_gone(pid, name, timeout):
        return True
    os.kill(pid, signal.SIGKILL)
    _wait_gone(pid, name, 5)
    return False


def _reap(pid: int) -> None:
    """Collect our own child's exit status so it does not linger as a zombie."""
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        pass  # not our child (stopped from another process): its parent reaps it


def _wait_gone(pid: int, name: str, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while _alive(pid, name):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    _reap(pid)
    return True
