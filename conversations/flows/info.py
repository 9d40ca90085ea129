"""Flows that only inform: help, and how to get the code fidélio (SMS "code" to 1117)."""

from conversations.flow import Flow, Step

FLOWS = [
    Flow(name="help", title="Help", steps=[Step("shown", prompt="help.text", final=True)]),
    Flow(name="fidelio", title="Code fidélio", steps=[Step("explained", prompt="menu.fidelio_how", final=True)]),
]
