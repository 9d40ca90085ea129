"""Reading scenario files (format: conversations/SCENARIOS.md) into plain objects."""

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import yaml

ACTIONS = ("send", "secret", "tap", "event", "wait")
EXPECTATIONS = ("text", "not_text", "choices", "not_choices", "document", "image", "link", "secret",
                "deleted", "nothing")
_DURATION = re.compile(r"^\s*(\d+)\s*([smhd])\s*$")
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}


class ScenarioError(Exception):
    """A scenario file cannot be read; the message says where and why."""


@dataclass
class Step:
    number: int
    action: str
    value: Any
    payload: dict[str, str] = field(default_factory=dict)
    expect: dict[str, Any] = field(default_factory=dict)

    def describe(self) -> str:
        return f"step {self.number} ({self.action}: {self.value})"


@dataclass
class Scenario:
    name: str
    path: Path
    steps: list[Step]
    clock: datetime | None = None
    language: str | None = None
    key: str | None = None


def parse_duration(text: str) -> timedelta:
    match = _DURATION.match(str(text))
    if not match:
        raise ScenarioError(f"not a duration: {text!r} (write 30s, 16m, 2h or 1d)")
    return timedelta(**{_UNITS[match.group(2)]: int(match.group(1))})


def _clock(raw: Any, where: str) -> datetime | None:
    if raw is None:
        return None
    moment = raw if isinstance(raw, datetime) else datetime.fromisoformat(str(raw).replace("Z", "+00:00"))
    if moment.tzinfo is None:
        raise ScenarioError(f"{where}: clock needs a time zone, e.g. 2026-11-21T10:00:00Z")
    return moment.astimezone(UTC)


def _step(number: int, raw: Any, where: str) -> Step:
    if not isinstance(raw, dict):
        raise ScenarioError(f"{where} step {number}: expected a mapping like `send: /start`")
    actions = [name for name in ACTIONS if name in raw]
    if len(actions) != 1:
        raise ScenarioError(f"{where} step {number}: say exactly one of {', '.join(ACTIONS)}")
    expect = raw.get("expect") or {}
    unknown = set(raw) - {*ACTIONS, "expect", "payload"} | set(expect) - set(EXPECTATIONS)
    if unknown:
        raise ScenarioError(f"{where} step {number}: unknown key(s) {sorted(unknown)}; "
                            f"expectations are {', '.join(EXPECTATIONS)}")
    value = raw[actions[0]]
    if actions[0] == "wait":
        value = parse_duration(value)
    payload = {str(k): str(v) for k, v in (raw.get("payload") or {}).items()}
    return Step(number, actions[0], value, payload, dict(expect))


def load_file(path: Path) -> Scenario:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ScenarioError(f"{path}: not valid YAML ({exc})") from exc
    if not isinstance(raw, dict) or not isinstance(raw.get("steps"), list):
        raise ScenarioError(f"{path}: expected `name:` and a list of `steps:`")
    steps = [_step(n, item, str(path)) for n, item in enumerate(raw["steps"], start=1)]
    try:
        clock = _clock(raw.get("clock"), str(path))
    except ValueError as exc:
        raise ScenarioError(f"{path}: bad clock ({exc})") from exc
    return Scenario(name=str(raw.get("name") or path.stem), path=path, steps=steps, clock=clock,
                    language=raw.get("language"), key=raw.get("as"))


def collect(paths: list[Path]) -> list[Path]:
    """Scenario files under the given files or folders (*.yaml, *.yml), in a stable order."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.suffix in (".yaml", ".yml"))
        elif path.exists():
            found.append(path)
        else:
            raise ScenarioError(f"{path}: no such file or folder")
    return found
