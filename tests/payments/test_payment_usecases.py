import asyncio
import random
from dataclasses import replace
from decimal import Decimal

import pytest

from domain.errors import Refused
from domain.invoices import InvoiceStatus
from domain.payment_usecases import (
    GatewayResult,
    PaymentEvent,
    PaymentUseCases,
    Settlement,
    derive_link_key,
    event_payload,
)
from domain.payments import PaymentStatus
from tests.payments.conftest import NUMBERS
from tests.payments.fakes import FakeUnitOfWork, RecordingEvents

TWO = NUMBERS[:2]


def approved(order_id: str, amount: str = "889.20") -> GatewayResult:
    return GatewayResult(order_id, amount, "00", "100001001587", "A12345", "5191 63** **** 4896")


def declined(order_id: str, code: str = "51", amount: str = "889.20") -> GatewayResult:
    return GatewayResult(order_id, amount, code, f"T{code}")


async def test_starting_a_payment_records_a_pending_attempt_whose_amount_comes_from_the_invoices(usecases, store):
    link = await usecases.start(TWO, "client@example.ma", msisdn="0612345678")
    payment = store.payments[link.order_id]
    assert payment.status is PaymentStatus.PENDING
    assert payment.total == link.total == Decimal("889.20")  # 769.20 + 120.00 TTC
    assert link.path == f"/pay/{link.token}" and link.order_id in link.token


async def test_each_attempt_gets_a_fresh_order_id(usecases):
    first, second = await usecases.start(TWO, "a@b.ma"), await usecases.start(TWO, "a@b.ma")
    assert first.order_id != second.order_id and first.token != second.token


async def test_starting_a_payment_for_an_already_paid_invoice_is_refused(usecases, store):
    store.invoices[NUMBERS[0]] = replace(store.invoices[NUMBERS[0]], status=InvoiceStatus.PAID)
    with pytest.raises(Refused) as refused:
        await usecases.start(TWO, "a@b.ma")
    assert refused.value.reason == "invoice_already_paid"


async def test_a_link_opens_once_and_is_refused_the_second_time(usecases, events):
    link = await usecases.start(TWO, "a@b.ma")
    assert (await usecases.open_link(link.token)).order_id == link.order_id
    with pytest.raises(Refused) as refused:
        await usecases.open_link(link.token)
    assert refused.value.reason == "link_used"
    assert events.refused == [(link.order_id, "link_used")]


async def test_a_link_expires_after_15_minutes_and_the_bot_is_told(usecases, clock, events, store):
    link = await usecases.start(TWO, "a@b.ma")
    clock.advance(minutes=15)
    with pytest.raises(Refused) as refused:
        await usecases.open_link(link.token)
    assert refused.value.reason == "link_expired"
    assert store.payments[link.order_id].status is PaymentStatus.EXPIRED
    with pytest.raises(Refused) as again:
        await usecases.open_link(link.token)
    assert again.value.reason == "link_expired"
    assert events.refused == [(link.order_id, "link_expired")] * 2


async def test_a_link_opened_just_before_15_minutes_still_works(usecases, clock):
    link = await usecases.start(TWO, "a@b.ma")
    clock.advance(minutes=14, seconds=59)
    assert (await usecases.open_link(link.token)).order_id == link.order_id


async def test_a_link_is_refused_when_an_invoice_got_paid_in_between(usecases, store, events):
    link = await usecases.start(TWO, "a@b.ma")
    store.invoices[NUMBERS[1]] = replace(store.invoices[NUMBERS[1]], status=InvoiceStatus.PAID)
    with pytest.raises(Refused) as refused:
        await usecases.open_link(link.token)
    assert refused.value.reason == "invoice_already_paid"
    assert events.refused == [(link.order_id, "invoice_already_paid")]


@pytest.mark.parametrize("mangle", [lambda t: t[:-2] + "xx", lambda t: "IAM0." + t.split(".")[1],
                                    lambda t: t.split(".")[0], lambda t: ""])
async def test_forged_or_truncated_link_tokens_are_unknown(usecases, mangle):
    link = await usecases.start(TWO, "a@b.ma")
    with pytest.raises(Refused) as refused:
        await usecases.open_link(mangle(link.token))
    assert refused.value.reason == "link_unknown"


async def test_an_approved_callback_pays_the_chosen_invoices_and_builds_the_receipt(usecases, store, events):
    link = await usecases.start(TWO, "client@example.ma", msisdn="0612345678")
    assert await usecases.settle(approved(link.order_id)) is Settlement.CAPTURE
    assert [store.invoices[n].status for n in NUMBERS] == [InvoiceStatus.PAID, InvoiceStatus.PAID,
                                                           InvoiceStatus.UNPAID]
    [receipt] = events.approved
    assert (receipt.authorization_code, receipt.transaction_id) == ("A12345", "100001001587")
    assert (receipt.payment_method, receipt.masked_card, receipt.total) == ("MasterCard", "5191 63** **** 4896",
                                                                          Decimal("889.20"))
    assert [(line.invoice_number, line.amount) for line in receipt.lines] == [
        (NUMBERS[0], Decimal("769.20")), (NUMBERS[1], Decimal("120.00"))]
    assert await usecases.receipt(receipt.token) == receipt


async def test_a_declined_attempt_leaves_the_invoices_unpaid_and_tells_the_code(usecases, store, events):
    link = await usecases.start(TWO, "a@b.ma")
    assert await usecases.settle(declined(link.order_id, "51")) is Settlement.ACKNOWLEDGE
    assert all(store.invoices[n].status is InvoiceStatus.UNPAID for n in NUMBERS)
    assert [p.return_code for p in events.declined] == ["51"]
    assert store.payments[link.order_id].status is PaymentStatus.DECLINED


async def test_ten_concurrent_out_of_order_callbacks_settle_the_payment_exactly_once(usecases, store, events):
    link = await usecases.start(TWO, "a@b.ma")
    callbacks = [declined(link.order_id, "51")] + [approved(link.order_id)] * 6 + [
        declined(link.order_id, "05"), declined(link.order_id, "51"), approved(link.order_id)]
    first, rest = callbacks[0], callbacks[1:]
    random.Random(7).shuffle(rest)
    answers = await asyncio.gather(*(usecases.settle(c) for c in [first, *rest]))
    assert len(events.approved) == 1
    assert store.payments[link.order_id].status is PaymentStatus.APPROVED
    assert [store.invoices[n].payment_reference for n in TWO] == [link.order_id] * 2
    assert {a for a, c in zip(answers, [first, *rest], strict=True) if c.approved} == {Settlement.CAPTURE}


async def test_a_repeated_approval_after_a_crash_is_captured_again_without_a_second_receipt(usecases, events):
    link = await usecases.start(TWO, "a@b.ma")
    await usecases.settle(approved(link.order_id))
    assert await usecases.settle(approved(link.order_id)) is Settlement.CAPTURE
    assert await usecases.settle(declined(link.order_id)) is Settlement.ACKNOWLEDGE
    assert len(events.approved) == 1 and events.declined == []


@pytest.mark.parametrize("amount", ["1.00", "889.21", "", "abc"])
async def test_a_tampered_amount_is_rejected_and_changes_nothing(usecases, store, events, amount):
    link = await usecases.start(TWO, "a@b.ma")
    assert await usecases.settle(approved(link.order_id, amount)) is Settlement.REJECT
    assert store.payments[link.order_id].status is PaymentStatus.PENDING
    assert all(store.invoices[n].status is InvoiceStatus.UNPAID for n in NUMBERS) and events.approved == []


async def test_an_unknown_order_id_is_rejected(usecases):
    assert await usecases.settle(approved("IAM-NOPE")) is Settlement.REJECT


async def test_an_approval_for_an_invoice_paid_elsewhere_meanwhile_is_not_captured(usecases, store, events):
    first, second = await usecases.start(TWO, "a@b.ma"), await usecases.start(NUMBERS[1:], "a@b.ma")
    await usecases.settle(approved(first.order_id))
    assert await usecases.settle(approved(second.order_id, "180.00")) is Settlement.ACKNOWLEDGE
    assert store.invoices[NUMBERS[2]].status is InvoiceStatus.UNPAID  # rolled back with the rest
    assert store.payments[second.order_id].status is PaymentStatus.FAILED
    assert [p.return_code for p in events.declined] == ["DOUBLE"] and len(events.approved) == 1
    assert await usecases.settle(approved(second.order_id, "180.00")) is Settlement.ACKNOWLEDGE
    assert len(events.declined) == 1  # a repeated callback does not notify twice


async def test_a_receipt_token_that_does_not_exist_gives_no_receipt(usecases):
    assert await usecases.receipt("nope") is None and await usecases.receipt("") is None


async def test_event_payloads_carry_what_the_flow_needs_as_plain_strings(usecases, store, events):
    link = await usecases.start(TWO, "a@b.ma")
    await usecases.settle(approved(link.order_id))
    payload = event_payload(store.payments[link.order_id])
    assert all(isinstance(value, str) for value in payload.values())
    assert (payload["status"], payload["total"], payload["authorization_code"]) == ("APPROVED", "889.20", "A12345")
    assert payload["receipt_token"] == events.approved[0].token and payload["invoices"] == ",".join(TWO)
    assert PaymentEvent.DECLINED == "payment_declined"


class FailingChatPush(RecordingEvents):
    async def payment_approved(self, payment, receipt):
        raise ConnectionError("the chat is unreachable")


async def test_a_failing_chat_push_after_commit_does_not_change_the_answer_to_cmi(store, clock):
    events = FailingChatPush()
    usecases = PaymentUseCases(lambda: FakeUnitOfWork(store), clock, derive_link_key("K"), events)
    link = await usecases.start(TWO, "a@b.ma")
    assert await usecases.settle(approved(link.order_id)) is Settlement.CAPTURE
    assert len(events.ready) == 1 and store.payments[link.order_id].status is PaymentStatus.APPROVED
