from datetime import timedelta

from domain.payments import PaymentStatus
from tests.storage.builders import NOW, a_payment


async def test_a_payment_reads_back_identical_by_order_id(database):
    payment = a_payment("ORD-1", ("0000000001112026", "0000000002112026"))
    async with database.uow() as uow:
        await uow.payments.add(payment)
        await uow.commit()
    async with database.uow() as uow:
        assert await uow.payments.get("ORD-1") == payment
        assert await uow.payments.get("ORD-2") is None


async def test_update_if_is_a_compare_and_set_on_the_status(database):
    payment = a_payment("ORD-1", ("0000000001112026",))
    approved = payment.approved(transaction_id="T-9", authorization_code="A12345",
                                masked_card="4000 00** **** 0002", now=NOW, receipt_token="tok-1")
    async with database.uow() as uow:
        await uow.payments.add(payment)
        assert await uow.payments.update_if(approved, PaymentStatus.PENDING) is True
        declined = payment.declined(return_code="05", now=NOW)
        assert await uow.payments.update_if(declined, PaymentStatus.PENDING) is False
        assert await uow.payments.get("ORD-1") == approved
        assert await uow.payments.by_receipt_token("tok-1") == approved
        assert await uow.payments.by_receipt_token("nope") is None


async def test_pending_payments_are_found_by_any_of_their_invoices(database):
    async with database.uow() as uow:
        await uow.payments.add(a_payment("ORD-1", ("A000000000000001", "A000000000000002")))
        await uow.payments.add(a_payment("ORD-2", ("A000000000000002",), created_at=NOW + timedelta(seconds=1)))
        await uow.payments.add(a_payment("ORD-3", ("A000000000000003",), status=PaymentStatus.DECLINED))
        pending = await uow.payments.pending_for_invoices(["A000000000000002", "A000000000000003"])
        none = await uow.payments.pending_for_invoices([])
    assert sorted(p.order_id for p in pending) == ["ORD-1", "ORD-2"]
    assert next(p for p in pending if p.order_id == "ORD-1").invoice_numbers == (
        "A000000000000001", "A000000000000002")
    assert none == []


async def test_the_confirmation_sms_number_and_the_language_read_back_and_survive_a_settlement(database):
    payment = a_payment("ORD-SMS", ("0000000001112026",), notify_msisdn="0612345678", language="ar")
    approved = payment.approved(transaction_id="T-1", authorization_code="A1", masked_card="4111 11** **** 1111",
                                now=NOW, receipt_token="tok-sms")
    async with database.uow() as uow:
        await uow.payments.add(payment)
        await uow.payments.add(a_payment("ORD-NO-SMS", ("0000000002112026",)))
        await uow.commit()
    async with database.uow() as uow:
        assert await uow.payments.get("ORD-SMS") == payment
        assert await uow.payments.update_if(approved, PaymentStatus.PENDING) is True
        await uow.commit()
    async with database.uow() as uow:
        stored = await uow.payments.by_receipt_token("tok-sms")
        without = await uow.payments.get("ORD-NO-SMS")
    assert (stored.notify_msisdn, stored.language) == ("0612345678", "ar")
    assert (without.notify_msisdn, without.language) == (None, None)
