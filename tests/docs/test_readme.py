"""The README is what a newcomer follows: its scenario example must replay and its commands exist."""

import re
import subprocess
import sys
from pathlib import Path

from bot.__main__ import build_parser

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_readme_gives_the_two_commands():
    assert "make run" in README and "make test" in README


def test_every_command_the_readme_lists_exists():
    listed = set(re.findall(r"^\| `([a-z-]+)[ `]", README, re.M))
    known = set(build_parser()._subparsers._group_actions[0].choices)  # noqa: SLF001
    assert listed and listed <= known, listed - known


def test_the_scenario_example_in_the_readme_replays(tmp_path):
    example = re.search(r"```yaml\n(.*?)```", README, re.S).group(1)
    scenario = tmp_path / "readme-example.yaml"
    scenario.write_text(example, encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "bot", "replay", str(scenario)], cwd=ROOT,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 passed, 0 failed" in result.stdout
