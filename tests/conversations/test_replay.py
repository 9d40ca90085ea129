from datetime import date
from pathlib import Path

import pytest

from bot.__main__ import main
from bot.config import load_settings
from bot.scenarios.demo import identity_variables
from bot.scenarios.format import ScenarioError, load_file, parse_duration
from bot.scenarios.replay import replay
from bot.scenarios.runtime import open_bot, open_sql_bot

ROOT = Path(__file__).resolve().parents[2]


def _write(tmp_path: Path, body: str, name: str = "s.yaml") -> Path:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


async def _replay(*paths: Path, open_engine=open_sql_bot) -> tuple[int, str]:
    """The replay machinery on the engine alone (the composition root is tested with the bot)."""
    lines: list[str] = []
    status = await replay(list(paths), load_settings(), lines.append, open_engine)
    return status, "\n".join(lines)


async def test_the_engine_acceptance_scenarios_pass_on_the_whole_bot():
    status, output = await _replay(ROOT / "scenarios" / "engine", open_engine=open_bot)
    assert status == 0, output


async def test_a_failing_step_is_reported_with_what_was_expected_and_what_the_bot_said(tmp_path):
    path = _write(tmp_path, "name: wrong help\nsteps:\n  - send: /start\n  - tap: Aide\n"
                            "    expect:\n      text: la météo de demain\n")
    status, output = await _replay(path)
    assert status == 1
    assert "FAIL" in output and "at step 2 (tap: Aide)" in output
    assert "expected: a text containing 'la météo de demain'" in output
    assert "/lang : changer de langue" in output  # the actual help text


async def test_a_button_that_is_not_offered_fails_the_step_and_lists_the_buttons(tmp_path):
    status, output = await _replay(_write(tmp_path, "name: x\nsteps:\n  - send: /start\n  - tap: Pizza\n"))
    assert status == 1 and "no button 'Pizza' (offered: Créer un compte e-facture" in output


async def test_demo_variables_are_resolved_and_an_unknown_one_is_explained(tmp_path):
    good = _write(tmp_path, "name: ok\nsteps:\n  - send: '{demo.fixe.msisdn}'\n    expect:\n"
                            "      not_text: '{demo.fixe.msisdn}'\n", "good.yaml")
    bad = _write(tmp_path, "name: bad\nsteps:\n  - send: '{demo.nobody.msisdn}'\n", "bad.yaml")
    status, output = await _replay(good, bad)
    assert status == 1 and "PASS" in output
    assert "unknown variable {demo.nobody.msisdn} (known: demo.duo.code" in output


async def test_an_unreadable_scenario_fails_with_the_reason(tmp_path):
    status, output = await _replay(_write(tmp_path, "name: x\nsteps:\n  - shout: hello\n"))
    assert status == 1 and "say exactly one of send, secret, tap, event, wait" in output


def test_replay_command_exit_status_is_non_zero_when_a_scenario_fails(tmp_path, capsys):
    path = _write(tmp_path, "name: x\nsteps:\n  - send: /start\n    expect:\n      choices: [Pizza]\n")
    assert main(["replay", str(path)]) == 1
    assert "expected: a button 'Pizza'" in capsys.readouterr().out


def test_a_clock_without_time_zone_is_refused(tmp_path):
    with pytest.raises(ScenarioError, match="time zone"):
        load_file(_write(tmp_path, "name: x\nclock: 2026-11-21T10:00:00\nsteps: []\n"))


def test_durations_read_like_an_agent_writes_them():
    assert parse_duration("16m").total_seconds() == 960
    with pytest.raises(ScenarioError):
        parse_duration("soon")


def test_demo_identity_names_match_what_the_seed_guarantees():
    ids = identity_variables(date(2026, 11, 21))
    assert ids["mobile"]["service"] == "MOBILE" and int(ids["mobile"]["unpaid_invoices"]) > 0
    assert ids["fixe"]["service"] == "FIXE" and ids["entreprise"]["segment"] == "ENTREPRISE"
    assert ids["paid_mobile"]["unpaid_invoices"] == 0 and ids["internet"]["msisdn"] == ""
