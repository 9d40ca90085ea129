"""The CMI callback endpoint over HTTP, on a real database (SQLite and PostgreSQL)."""

import asyncio
import random
from datetime import UTC, datetime

from bot.cmi.hashing import compute_hash
from bot.config import Settings
from bot.web.payment_pages import PaymentWebDeps
from domain.clock import system_clock
from domain.invoices import InvoiceStatus
from domain.payments import PaymentStatus
from tests.payments.conftest import NUMBERS
from tests.payments.fakes import RecordingEvents
from tests.payments.site import STORE_KEY, payment_site


def callback_fields(order_id: str, code: str = "00", amount: str = "889.20", **extra: str) -> dict[str, str]:
    fields = {"clientid": "600000000", "oid": order_id, "amount": amount, "currency": "504",
              "ProcReturnCode": code, "Response": "Approved" if code == "00" else "Declined",
              "AuthCode": "P12345" if code == "00" else "", "TransId": f"26325{code}0001",
              "maskedCreditCard": "4000 00** **** 0010", "EXTRA.TRXDATE": "20261121 10:00:00",
              "ErrMsg": "" if code == "00" else "Refusée | fonds", "hashAlgorithm": "ver3", "rnd": "r1", **extra}
    return {**fields, "HASH": compute_hash(fields, STORE_KEY)}


async def post_callback(site, fields: dict[str, str]) -> str:
    async with site.http.post(f"{site.base_url}/cmi/callback", data=fields) as response:
        assert response.status == 200 and response.content_type == "text/plain"
        return await response.text()


async def invoice_statuses(db) -> list[InvoiceStatus]:
    async with db.uow() as uow:
        found = {invoice.number: invoice.status for invoice in await uow.invoices.many(NUMBERS)}
    return [found[number] for number in NUMBERS]


async def test_ten_concurrent_out_of_order_callbacks_pay_once_and_produce_one_receipt(db_with_invoices):
    async with payment_site(db_with_invoices.uow) as site:
        link = await site.deps.usecases().start(NUMBERS[:2], "amina@example.ma")
        assert await post_callback(site, callback_fields(link.order_id, "51")) == "APPROVED"
        assert [p.return_code for p in site.events.declined] == ["51"]
        assert await invoice_statuses(db_with_invoices) == [InvoiceStatus.UNPAID] * 3
        others = [callback_fields(link.order_id)] * 6 + [callback_fields(link.order_id, c) for c in ("05", "51", "54")]
        random.Random(3).shuffle(others)
        answers = await asyncio.gather(*(post_callback(site, fields) for fields in others))
        payment = await site.deps.usecases().payment(link.order_id)
    assert len(site.events.approved) == 1 and payment.status is PaymentStatus.APPROVED
    assert await invoice_statuses(db_with_invoices) == [InvoiceStatus.PAID, InvoiceStatus.PAID,
                                                        InvoiceStatus.UNPAID]
    approvals = [answer for answer, fields in zip(answers, others, strict=True) if fields["ProcReturnCode"] == "00"]
    assert approvals == ["ACTION=POSTAUTH"] * 6
    assert set(answers) <= {"ACTION=POSTAUTH", "APPROVED"}


async def test_a_forged_hash_and_a_tampered_amount_are_refused_and_change_nothing(db_with_invoices):
    async with payment_site(db_with_invoices.uow) as site:
        link = await site.deps.usecases().start(NUMBERS[:2], "amina@example.ma")
        forged = {**callback_fields(link.order_id), "HASH": compute_hash({"oid": link.order_id}, "guess")}
        tampered_after_signing = {**callback_fields(link.order_id), "amount": "1.00"}
        signed_wrong_amount = callback_fields(link.order_id, amount="1.00")
        for fields in (forged, tampered_after_signing, signed_wrong_amount):
            assert await post_callback(site, fields) == "FAILURE"
        payment = await site.deps.usecases().payment(link.order_id)
    assert payment.status is PaymentStatus.PENDING and site.events.approved == []
    assert await invoice_statuses(db_with_invoices) == [InvoiceStatus.UNPAID] * 3


async def test_a_callback_without_proc_return_code_counts_as_a_failure(db_with_invoices):
    async with payment_site(db_with_invoices.uow) as site:
        link = await site.deps.usecases().start(NUMBERS[:1], "amina@example.ma")
        fields = {k: v for k, v in callback_fields(link.order_id, amount="769.20").items()
                  if k not in ("ProcReturnCode", "HASH")}
        answer = await post_callback(site, {**fields, "HASH": compute_hash(fields, STORE_KEY)})
    assert answer == "APPROVED" and await invoice_statuses(db_with_invoices) == [InvoiceStatus.UNPAID] * 3


class CrashOnceAfterCommit:
    """A unit-of-work factory whose next commit stores everything, then 'dies' before returning."""

    def __init__(self, factory) -> None:
        self.factory, self.armed = factory, False

    def __call__(self):
        return _CrashingUnitOfWork(self.factory(), self)


class _CrashingUnitOfWork:
    def __init__(self, inner, switch: CrashOnceAfterCommit) -> None:
        self.inner, self.switch = inner, switch

    async def __aenter__(self):
        await self.inner.__aenter__()
        return self

    async def __aexit__(self, *exc):
        await self.inner.__aexit__(*exc)

    def __getattr__(self, name):
        return getattr(self.inner, name)

    async def commit(self):
        await self.inner.commit()
        if self.switch.armed:
            self.switch.armed = False
            raise ConnectionResetError("the process died after storing the result")


async def test_a_crash_between_storing_the_result_and_answering_settles_once_when_cmi_calls_again(
        db_with_invoices):
    crashing = CrashOnceAfterCommit(db_with_invoices.uow)
    async with payment_site(crashing) as site:
        link = await site.deps.usecases().start(NUMBERS[:2], "amina@example.ma")
        crashing.armed = True
        assert await post_callback(site, callback_fields(link.order_id)) == "FAILURE"
        assert await post_callback(site, callback_fields(link.order_id)) == "ACTION=POSTAUTH"
    async with db_with_invoices.uow() as uow:
        emails = [m for m in await uow.outbox.due(datetime(2100, 1, 1, tzinfo=UTC)) if m.kind == "payment.receipt"]
        invoices = await uow.invoices.many(NUMBERS[:2])
    assert len(emails) == 1 and len(site.events.ready) == 1
    assert {invoice.payment_reference for invoice in invoices} == {link.order_id}


async def test_an_approval_for_an_invoice_another_payment_settled_is_acknowledged_but_not_captured(
        db_with_invoices):
    async with payment_site(db_with_invoices.uow) as site:
        first = await site.deps.usecases().start(NUMBERS[:2], "amina@example.ma")
        second = await site.deps.usecases().start(NUMBERS[1:], "amina@example.ma")
        answers = await asyncio.gather(post_callback(site, callback_fields(first.order_id)),
                                       post_callback(site, callback_fields(second.order_id, amount="180.00")))
        statuses = [(await site.deps.usecases().payment(link.order_id)).status for link in (first, second)]
    assert sorted(answers) == ["ACTION=POSTAUTH", "APPROVED"]
    assert sorted(statuses) == [PaymentStatus.APPROVED, PaymentStatus.FAILED]
    winner = first if statuses[0] is PaymentStatus.APPROVED else second
    async with db_with_invoices.uow() as uow:
        paid = [i.number for i in await uow.invoices.many(NUMBERS) if i.status is InvoiceStatus.PAID]
        references = {i.payment_reference for i in await uow.invoices.many(NUMBERS) if i.payment_reference}
    assert paid == list(NUMBERS[:2] if winner is first else NUMBERS[1:])
    assert references == {winner.order_id} and len(site.events.approved) == 1


async def test_a_genuine_approval_replayed_with_a_re_encoded_code_is_still_read_as_the_approval(db_with_invoices):
    # "&#48;0" decodes to the signed "00": the kit-lenient HASH matches, so the decoded values rule.
    async with payment_site(db_with_invoices.uow) as site:
        link = await site.deps.usecases().start(NUMBERS[:2], "amina@example.ma")
        replay = {**callback_fields(link.order_id), "ProcReturnCode": "&#48;0"}
        assert await post_callback(site, replay) == "ACTION=POSTAUTH"
        payment = await site.deps.usecases().payment(link.order_id)
    assert payment.status is PaymentStatus.APPROVED and payment.return_code == "00"
    assert site.events.declined == [] and len(site.events.approved) == 1


async def test_a_forged_callback_logs_its_oid_cut_to_64_characters(db_with_invoices, caplog):
    async with payment_site(db_with_invoices.uow) as site:
        forged = {"oid": "X" * 100_000, "ProcReturnCode": "00", "HASH": "forged"}
        with caplog.at_level("WARNING", logger="bot.web.payment_pages"):
            assert await post_callback(site, forged) == "FAILURE"
    [record] = [r for r in caplog.records if "does not verify" in r.getMessage()]
    assert "X" * 64 in record.getMessage() and "X" * 65 not in record.getMessage()


def test_the_payment_deps_repr_does_not_show_the_store_key(db_with_invoices):
    deps = PaymentWebDeps(db_with_invoices.uow, Settings(), STORE_KEY, system_clock, RecordingEvents())
    assert STORE_KEY not in repr(deps) and repr(STORE_KEY) not in repr(deps) and "store_key" not in repr(deps)
