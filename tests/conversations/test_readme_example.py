"""The example flow of conversations/README.md, run as written, so the documentation stays true."""

import re
from decimal import Decimal
from pathlib import Path

import yaml

from conversations.catalog import Catalog
from conversations.engine import Engine
from conversations.flows import info, language, menu
from conversations.memory_store import MemoryConversationStore
from conversations.registry import FlowRegistry
from conversations.testing import ChatDriver

README = Path(__file__).resolve().parents[2] / "conversations" / "README.md"


def _blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README.read_text(encoding="utf-8"), re.S)


class FakeServices:
    def __init__(self, unpaid: Decimal) -> None:
        self.unpaid, self.asked = unpaid, []

    async def unpaid_total(self, msisdn: str) -> Decimal:
        self.asked.append(msisdn)
        return self.unpaid


def _example_engine(services, clock) -> Engine:
    namespace: dict = {}
    exec(compile(_blocks("python")[1], "README example", "exec"), namespace)  # noqa: S102 - our own doc
    base = Catalog.load()
    example = yaml.safe_load(_blocks("yaml")[0])
    catalog = Catalog({lang: {**texts, **example} for lang, texts in base.texts.items()})
    # Built-in flows only (plus the example): the payment flow's own behaviour is not under test here.
    flows = FlowRegistry([menu.FLOW, *info.FLOWS, language.FLOW, namespace["FLOW"]])
    return Engine(MemoryConversationStore(), flows, catalog=catalog, clock=clock, services=services)


async def test_the_readme_example_flow_runs_as_documented(clock):
    services = FakeServices(Decimal("769.20"))
    chat = ChatDriver(_example_engine(services, clock))
    await chat.say("/start")
    await chat.event("start_flow", {"flow": "line_check"})
    await chat.say("06 12 34 5")
    assert "ne semble pas valide" in chat.text
    await chat.say("06 12 34 56 78")
    assert services.asked == ["0612345678"] and "769,20\u00a0DH" in chat.text
    await chat.tap("Plus tard")
    assert "depuis le menu" in chat.text and "Se connecter" in chat.labels


async def test_the_readme_example_hands_over_to_the_payment_flow_by_name(clock):
    chat = ChatDriver(_example_engine(FakeServices(Decimal("10")), clock))
    await chat.say("/start")
    await chat.event("start_flow", {"flow": "line_check"})
    await chat.say("0612345678")
    await chat.tap("Payer maintenant")
    assert "bientôt disponible" in chat.text  # no payment flow in this registry: "coming soon"
