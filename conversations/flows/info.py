"""A flow that only informs: help. (The code fidélio has its own flow: fidelio.py.)"""

from conversations.flow import Flow, Step

FLOWS = [
    Flow(name="help", title="Help", steps=[Step("shown", prompt="help.text", final=True)]),
]
