"""Scenario replay: YAML transcripts a support agent writes, replayed against the real engine.

The format is documented in conversations/SCENARIOS.md; `python -m bot replay PATH...` runs them.
"""
