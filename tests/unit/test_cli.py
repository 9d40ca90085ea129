import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_cli(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bot", *args], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, **env}, timeout=120)


def test_a_bad_configuration_stops_any_command_with_one_line_per_problem(tmp_path):
    result = run_cli("migrate", "--database", f"sqlite+aiosqlite:///{tmp_path}/x.sqlite3",
                     IAM_WEB__PORT="eighty", IAM_TELEGRAM__MODE="pigeon")
    assert result.returncode == 2
    assert "  - IAM_WEB__PORT: expected a whole number, got 'eighty'" in result.stderr
    assert "  - telegram.mode: must be polling or webhook, got 'pigeon'" in result.stderr
    assert "Traceback" not in result.stderr


def test_without_a_command_the_help_lists_every_subcommand():
    result = run_cli()
    assert result.returncode == 2
    for command in ("run", "console", "replay", "diagram", "migrate", "seed", "import", "sandbox-gateway"):
        assert command in result.stdout
