"""Any input at any state of the e-facture flows, logged in or not, with or without a half-filled
form: always an answer, never the technical apology."""

import asyncio

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.documents import render_invoice_pdf
from bot.notification_texts import CatalogNotificationTexts
from conversations.catalog import Catalog
from conversations.flows.efacture import FLOWS
from conversations.flows.efacture.services import EfactureServices
from conversations.memory_store import MemoryConversationStore
from conversations.messages import Inbound
from conversations.testing import MovableClock
from domain.ports import StoredConversation
from tests.efacture.builders import NOW, an_account
from tests.efacture.fakes import FakeData, FakePasswordHasher, FakeUnitOfWork
from tests.efacture_flows.conftest import KnownCaptchas, build_engine, seed_lines

POSITIONS = [(flow.name, step.name) for flow in FLOWS for step in flow.steps]
SORRY = Catalog.load().text("fr", "engine.sorry")
FORMS = [{}, {"service": "FIXE", "identifier": "0522123456", "customer_number": "5550001"},
         {"forced": True, "old_checked": True, "filter": {"period": "2026-10-01", "msisdn": "0612345678"},
          "pending": {"new_email": "n@gmail.com", "code_hash": "fake:v1:123456",
                      "expires_at": "2026-11-21T10:30:00+00:00", "tries_left": 1}}]
SESSIONS = [{}, {"efacture": {"account": 1, "login": "amina", "must_change": False}},
            {"efacture": {"account": 1, "login": "amina", "must_change": True}}]

inputs = st.one_of(
    st.builds(lambda t: {"text": t}, st.one_of(st.text(max_size=60), st.sampled_from(
        ["1", "2", "7", "0612345678", "1716820", "4821", "amina", "a@gmail.com", "Jardin2027", "123456",
         "/menu", "/cancel", "K1ABC", "", "   "]))),
    st.builds(lambda c: {"choice_id": c}, st.sampled_from(["x|pdf:0000000000880001", "|logout", "zz|back"])),
)


async def _exchange(position, form, session, moves):
    data = FakeData()
    seed_lines(data)
    data.accounts[1] = an_account(1, login="amina")
    services = EfactureServices.build(lambda: FakeUnitOfWork(data), FakePasswordHasher(), CatalogNotificationTexts(),
                                      KnownCaptchas(), render_invoice_pdf)
    store = MemoryConversationStore()
    engine = build_engine(store, MovableClock(NOW), services)
    await store.save(StoredConversation("test:any", *position, {"form": form, "session": session}, 1, NOW), 0)
    answers = []
    for number, move in enumerate(moves):
        answers.append((move, await engine.handle(Inbound(key="test:any", at=NOW, message_id=f"m{number}", **move))))
    return answers


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(position=st.sampled_from(POSITIONS), form=st.sampled_from(FORMS), session=st.sampled_from(SESSIONS),
       moves=st.lists(inputs, min_size=1, max_size=3))
def test_every_state_answers_any_input_without_the_apology(position, form, session, moves):
    for move, replies in asyncio.run(_exchange(position, form, session, moves)):
        assert replies, f"no answer to {move!r} in {position}"
        assert SORRY not in [r.text for r in replies], f"{move!r} in {position} with {form} / {session} hit a bug"
