"""Random input at every state of every registered flow: nothing raises, every input is answered.

The flows come from the registry (conversations.flows discovers every module), so a flow added
later is covered here without touching this file.
"""

import asyncio
from datetime import UTC, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conversations.catalog import Catalog
from conversations.engine import Engine
from conversations.memory_store import MemoryConversationStore
from conversations.messages import Attachment, Inbound
from domain.clock import fixed_clock
from domain.ports import StoredConversation
from tests.conversations.conftest import SECRET_KEY, sample_registry

REGISTRY = sample_registry()
POSITIONS = [(flow.name, state) for flow in REGISTRY for state in flow.steps]
BUILT_IN = {"menu", "help", "fidelio", "language", "pin", "counter", "fickle"}
NOW = datetime(2026, 11, 21, 10, 0, tzinfo=UTC)
CATALOG = Catalog.load()
SORRY = CATALOG.text("fr", "engine.sorry")

texts = st.one_of(
    st.text(max_size=300),
    st.sampled_from(["مرحبا، أريد أداء فاتورتي", "😀🔥📄", "/start", "/cancel", "/help", "/lang", "/menu",
                     "/unknown", "MENU", "aide", "1", "0", "99", "", "   ", "4111 1111 1111 1111"]),
    st.builds(lambda ch, n: ch * n, st.sampled_from(["a", "ب", "😀", "7 "]), st.integers(5000, 10_000)),
)
choice_ids = st.one_of(
    st.text(max_size=80),
    st.builds(lambda token, value: f"{token}|{value}", st.text("0123456789abcdef", max_size=8),
              st.sampled_from(["registration", "help", "fr", "pay", "x" * 60, ""])),
    st.sampled_from(["/help", "/menu", "/cancel", "/lang", "|", "||", "0f455|help"]),
)
inputs = st.one_of(
    st.builds(lambda t: {"text": t}, texts),
    st.builds(lambda c: {"choice_id": c}, choice_ids),
    st.just({"attachment": Attachment(kind="photo", file_id="f1")}),
    st.just({"event": "payment_settled", "payload": {"reference": "R1"}}),
)


async def _exchange(flow: str, state: str, moves: list[dict]) -> list[list]:
    store = MemoryConversationStore()
    engine = Engine(store, REGISTRY, catalog=CATALOG, clock=fixed_clock(NOW), secret_key=SECRET_KEY)
    await store.save(StoredConversation("test:p", flow, state, {"form": {"name": "x"}}, 1, NOW), 0)
    answers = []
    for number, move in enumerate(moves):
        inbound = Inbound(key="test:p", at=NOW, message_id=f"p{number}", **move)
        before = (await store.load("test:p")).flow  # a built-in flow may hand over to one needing services
        answers.append((move, await engine.handle(inbound), before))
    return answers


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(position=st.sampled_from(POSITIONS), moves=st.lists(inputs, min_size=1, max_size=4))
def test_every_state_of_every_flow_answers_any_input_without_raising(position, moves):
    for move, replies, flow in asyncio.run(_exchange(*position, moves)):
        if "event" not in move:
            assert replies, f"no answer to {move!r} in {position}"
        if flow in BUILT_IN:
            assert SORRY not in [r.text for r in replies], f"{move!r} in {position} hit a bug"
