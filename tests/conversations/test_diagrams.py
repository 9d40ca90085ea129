from pathlib import Path

from bot.__main__ import main
from conversations.diagrams import mermaid, stale_files
from conversations.flow import CompiledFlow
from conversations.flows import registry
from tests.conversations.sample_flows import PIN_FLOW

DIAGRAMS = Path(__file__).resolve().parents[2] / "docs" / "diagrams"


def test_the_checked_in_diagrams_match_the_flow_tables():
    stale = stale_files(registry(), DIAGRAMS)
    assert stale == [], f"out of date: {stale}; run `python -m bot diagram --write`"


def test_a_diagram_shows_every_transition_the_start_the_ends_and_secret_steps():
    diagram = mermaid(CompiledFlow(PIN_FLOW))
    for event, source, dest in PIN_FLOW.transitions:
        assert f"{source} --> {dest}: {event}" in diagram
    assert "[*] --> asking_name" in diagram and "done --> [*]" in diagram
    assert 'state "asking_pin 🔒"' in diagram and "system event payment_settled" in diagram


def test_diagram_command_prints_one_flow_as_mermaid(capsys):
    assert main(["diagram", "language"]) == 0
    assert capsys.readouterr().out.startswith("stateDiagram-v2\n  [*] --> choosing")


def test_diagram_command_rejects_an_unknown_flow(capsys):
    assert main(["diagram", "nope"]) == 2
    assert "known:" in capsys.readouterr().err
