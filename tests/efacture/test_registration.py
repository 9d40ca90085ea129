from datetime import UTC, date, datetime, timedelta

import pytest

from domain.accounts import TEMPORARY_PASSWORD_VALIDITY
from domain.efacture.errors import InvalidField
from domain.efacture.passwords import GENERATED_ALPHABET
from domain.efacture.proofs import parse_payment_code, typed_code
from domain.efacture.registration import (
    RegistrationRequest,
    check_eligibility,
    check_login_available,
    register,
)
from domain.errors import Refused
from domain.ports import Channel
from domain.services import LineStatus, Segment, ServiceType
from tests.efacture.builders import NOW, a_line, an_account
from tests.efacture.fakes import secret_in

MOBILE, FIXE, INTERNET = ServiceType.MOBILE, ServiceType.FIXE, ServiceType.INTERNET


def a_request(service=MOBILE, identifier="06 12 34 56 78", proof="1716820", login="Amina",
              email="amina@example.ma", again=None, code="4821") -> RegistrationRequest:
    check = typed_code(code) if code is not None else None
    return RegistrationRequest(service, identifier, login, email, again or email, proof,
                               payment_code_check=check)


async def refusal(uow, hasher, texts, request, now=NOW) -> Refused:
    accounts_before = dict(uow.data.accounts)
    with pytest.raises(Refused) as refused:
        await register(uow, hasher, texts, request, now)
    assert uow.data.accounts == accounts_before
    assert uow.data.outbox == []
    return refused.value


async def test_a_mobile_subscriber_gets_an_account_and_a_one_time_password_by_sms(uow, hasher, texts):
    await uow.lines.add(a_line(1))
    registered = await register(uow, hasher, texts, a_request(proof="17 16 820"), NOW)
    account = uow.data.accounts[registered.account.id]
    assert (account.login, account.service, account.line_ids) == ("amina", MOBILE, (1,))
    assert account.must_change_password
    assert account.temporary_password_expires_at == NOW + TEMPORARY_PASSWORD_VALIDITY
    [sms] = uow.data.outbox
    assert (sms.channel, sms.recipient) == (Channel.SMS, "0612345678")
    assert registered.delivery.recipient == "0612345678"
    password = secret_in(sms)
    assert hasher.verify(account.password_hash, password)
    assert len(password) == 10 and set(password) <= set(GENERATED_ALPHABET)


async def test_a_fixe_subscriber_gets_the_password_by_email_at_the_address_typed(uow, hasher, texts):
    await uow.lines.add(a_line(1, "0522123456", service=FIXE))
    await register(uow, hasher, texts, a_request(FIXE, "0522123456", email="Amina@Example.MA"), NOW)
    [mail] = uow.data.outbox
    assert (mail.channel, mail.recipient) == (Channel.EMAIL, "Amina@example.ma")
    assert mail.subject and secret_in(mail)


async def test_an_internet_account_covers_the_internet_and_duo_fixe_lines_of_the_numero_client(
        uow, hasher, texts):
    await uow.lines.add(a_line(1, None, "5550001", INTERNET))
    await uow.lines.add(a_line(2, "0522123456", "5550001", FIXE))
    await uow.lines.add(a_line(3, "0612345678", "5550001", MOBILE))
    await uow.lines.add(a_line(4, None, "5550001", INTERNET, status=LineStatus.TERMINATED))
    registered = await register(uow, hasher, texts, a_request(INTERNET, "5550001", None), NOW)
    assert registered.account.line_ids == (1, 2)
    assert uow.data.outbox[0].channel is Channel.EMAIL


async def test_a_duo_fixe_line_that_has_its_own_account_is_left_out_of_the_internet_account(
        uow, hasher, texts):
    await uow.lines.add(a_line(1, None, "5550001", INTERNET))
    await uow.lines.add(a_line(2, "0522123456", "5550001", FIXE))
    await uow.accounts.add(an_account(login="fixe.duo", line_ids=(2,)))
    registered = await register(uow, hasher, texts, a_request(INTERNET, "5550001", None), NOW)
    assert registered.account.line_ids == (1,)


@pytest.mark.parametrize("line_changes, request_changes", [
    ({}, {"identifier": "0698765432"}),                          # unknown number
    ({}, {"proof": "1716821"}),                                  # wrong numéro client
    ({"status": LineStatus.SUSPENDED}, {}),                      # inactive line
    ({"service": FIXE}, {}),                                     # data says another service
])
async def test_every_failed_ownership_check_gives_the_same_not_found(uow, hasher, texts, line_changes,
                                                                     request_changes):
    await uow.lines.add(a_line(1, **line_changes))
    refused = await refusal(uow, hasher, texts, a_request(**request_changes))
    assert type(refused) is Refused and refused.reason == "not_found" and refused.details == {}


async def test_an_internet_numero_client_without_an_internet_line_is_not_found(uow, hasher, texts):
    await uow.lines.add(a_line(1, "0522123456", "5550001", FIXE))
    refused = await refusal(uow, hasher, texts, a_request(INTERNET, "5550001", None))
    assert refused.reason == "not_found"


@pytest.mark.parametrize("service, identifier, reason", [
    (MOBILE, "0522123456", "msisdn_not_mobile"), (FIXE, "0612345678", "msisdn_not_fixe"),
    (MOBILE, "0812345678", "msisdn_invalid"), (INTERNET, "12ab", "customer_number_invalid"),
])
async def test_a_number_of_the_wrong_kind_is_named_as_a_typing_mistake(uow, hasher, texts, service,
                                                                       identifier, reason):
    refused = await refusal(uow, hasher, texts, a_request(service, identifier))
    assert (refused.field, refused.reason) == ("line_identifier", reason)


async def test_an_entreprise_line_is_sent_to_its_agence_commerciale_once_ownership_is_proven(
        uow, hasher, texts):
    await uow.lines.add(a_line(1, segment=Segment.ENTREPRISE))
    assert (await refusal(uow, hasher, texts, a_request())).reason == "entreprise"
    assert (await refusal(uow, hasher, texts, a_request(proof="999999"))).reason == "not_found"


@pytest.mark.parametrize("activated, now, available_from", [
    # 1 Nov 00:30 in Casablanca (UTC+1) is still 31 Oct 23:30 UTC: already November locally.
    (date(2026, 11, 1), datetime(2026, 10, 31, 23, 30, tzinfo=UTC), date(2026, 12, 1)),
    (date(2026, 12, 31), datetime(2026, 12, 31, 22, 0, tzinfo=UTC), date(2027, 1, 1)),
    (date(2026, 11, 21), NOW, date(2026, 12, 1)),
    # During Ramadan Morocco is on UTC+0: 28 Feb 23:30 UTC is still February there.
    (date(2026, 2, 10), datetime(2026, 2, 28, 23, 30, tzinfo=UTC), date(2026, 3, 1)),
    # A line recorded as activated later (data ahead of time) waits for the month after that.
    (date(2027, 1, 5), NOW, date(2027, 2, 1)),
])
async def test_a_line_activated_this_month_in_casablanca_may_register_from_next_month(
        uow, hasher, texts, activated, now, available_from):
    await uow.lines.add(a_line(1, activation_date=activated))
    refused = await refusal(uow, hasher, texts, a_request(), now)
    assert refused.reason == "activated_this_month"
    assert refused.details == {"available_from": available_from}


async def test_a_line_activated_last_month_may_register_on_the_first_of_this_month(uow, hasher, texts):
    await uow.lines.add(a_line(1, activation_date=date(2026, 10, 31)))
    first_of_november_local = datetime(2026, 10, 31, 23, 0, tzinfo=UTC)
    assert (await register(uow, hasher, texts, a_request(), first_of_november_local)).account.id


async def test_the_last_evening_of_the_month_in_utc_is_already_next_month_in_casablanca(
        uow, hasher, texts):
    await uow.lines.add(a_line(1, activation_date=date(2026, 10, 5)))
    ten_to_midnight_utc = datetime(2026, 10, 31, 23, 50, tzinfo=UTC)  # 1 Nov 00:50 local
    assert (await register(uow, hasher, texts, a_request(), ten_to_midnight_utc)).account.id


async def test_an_internet_line_with_only_a_new_duo_fixe_may_still_register(uow, hasher, texts):
    await uow.lines.add(a_line(1, None, "5550001", INTERNET))
    await uow.lines.add(a_line(2, "0522123456", "5550001", FIXE, activation_date=date(2026, 11, 2)))
    registered = await register(uow, hasher, texts, a_request(INTERNET, "5550001", None), NOW)
    assert registered.account.line_ids == (1, 2)


async def test_a_line_that_already_has_an_account_cannot_get_a_second_one(uow, hasher, texts):
    await uow.lines.add(a_line(1))
    await uow.accounts.add(an_account(login="someone"))
    assert (await refusal(uow, hasher, texts, a_request())).reason == "already_registered"


async def test_a_login_already_taken_in_any_letter_case_is_refused(uow, hasher, texts):
    await uow.lines.add(a_line(1))
    await uow.lines.add(a_line(2, "0661000000"))
    await uow.accounts.add(an_account(login="taken", line_ids=(2,)))
    refused = await refusal(uow, hasher, texts, a_request(login="TAKEN"))
    assert (refused.field, refused.reason) == ("login", "login_taken")


async def test_emails_typed_differently_are_refused_before_looking_anything_up(uow, hasher, texts):
    refused = await refusal(uow, hasher, texts, a_request(email="a@example.ma", again="b@example.ma"))
    assert refused.reason == "email_mismatch"


async def test_eligibility_can_be_checked_before_asking_for_login_and_email(uow, hasher, texts):
    await uow.lines.add(a_line(1, segment=Segment.ENTREPRISE))
    with pytest.raises(Refused) as refused:
        await check_eligibility(uow, MOBILE, "+212612345678", "1716820", NOW)
    assert refused.value.reason == "entreprise"
    with pytest.raises(Refused) as refused:
        await check_eligibility(uow, MOBILE, "0612345678", "999999", NOW)
    assert refused.value.reason == "not_found"


async def test_registering_twice_the_same_line_gives_already_registered(uow, hasher, texts):
    await uow.lines.add(a_line(1))
    await register(uow, hasher, texts, a_request(), NOW)
    with pytest.raises(Refused) as refused:
        await register(uow, hasher, texts, a_request(login="other"), NOW)
    assert refused.value.reason == "already_registered"
    assert len(uow.data.accounts) == 1


async def test_a_login_can_be_checked_for_availability_while_the_form_is_filled(uow):
    await uow.accounts.add(an_account(login="taken"))
    assert await check_login_available(uow, " Amina.B ") == "amina.b"
    with pytest.raises(InvalidField) as refused:
        await check_login_available(uow, "Taken")
    assert refused.value.reason == "login_taken"


@pytest.mark.parametrize("service, identifier, proof", [
    (FIXE, "0522123456", "1716820"), (INTERNET, "1716820", None),
])
@pytest.mark.parametrize("code", ["4822", "", None])
async def test_fixe_and_internet_need_the_code_de_paiement_and_a_wrong_one_is_just_not_found(
        uow, hasher, texts, service, identifier, proof, code):
    await uow.lines.add(a_line(1, "0522123456", service=FIXE))
    await uow.lines.add(a_line(2, None, service=INTERNET, payment_code="7700"))
    refused = await refusal(uow, hasher, texts, a_request(service, identifier, proof, code=code))
    assert type(refused) is Refused and refused.reason == "not_found" and refused.details == {}


async def test_a_mobile_line_needs_no_code_de_paiement(uow, hasher, texts):
    await uow.lines.add(a_line(1))
    assert (await register(uow, hasher, texts, a_request(code=None), NOW)).account.id


async def test_the_code_printed_on_a_duo_invoice_may_be_the_fixe_lines_for_an_internet_account(
        uow, hasher, texts):
    await uow.lines.add(a_line(1, None, "5550001", INTERNET, payment_code="1111"))
    await uow.lines.add(a_line(2, "0522123456", "5550001", FIXE, payment_code="2222"))
    registered = await register(uow, hasher, texts, a_request(INTERNET, "5550001", None, code="2222"), NOW)
    assert registered.account.line_ids == (1, 2)


async def test_five_failed_proofs_for_one_identifier_stop_further_tries_for_a_day(uow, hasher, texts):
    await uow.lines.add(a_line(1))
    for wrong in range(5):
        assert (await refusal(uow, hasher, texts, a_request(proof=f"99999{wrong}"))).reason == "not_found"
    assert (await refusal(uow, hasher, texts, a_request())).reason == "too_many_attempts"
    later = NOW + timedelta(hours=24, minutes=1)
    assert (await register(uow, hasher, texts, a_request(), later)).account.id


async def test_failed_proofs_are_counted_for_unknown_numbers_too_so_the_limit_reveals_nothing(
        uow, hasher, texts):
    for _ in range(5):
        await refusal(uow, hasher, texts, a_request(identifier="0698765432"))
    assert (await refusal(uow, hasher, texts, a_request(identifier="0698765432"))).reason == "too_many_attempts"


@pytest.mark.parametrize("raw, code", [("4821", "4821"), (" 48 21 09 ", "482109")])
def test_a_code_de_paiement_is_read_without_its_spaces(raw, code):
    assert parse_payment_code(raw) == code


@pytest.mark.parametrize("raw", ["", "12", "12ab", "123456789"])
def test_a_code_de_paiement_that_is_not_4_to_8_digits_is_a_typing_mistake(raw):
    with pytest.raises(InvalidField) as refused:
        parse_payment_code(raw)
    assert (refused.value.field, refused.value.reason) == ("payment_code", "payment_code_invalid")


async def test_failed_proofs_are_counted_under_a_digest_after_taking_their_key(uow, hasher, texts):
    await refusal(uow, hasher, texts, a_request(identifier="0698765432"))
    [key] = uow.data.attempts
    assert "0698765432" not in key and uow.locked_keys[0] == key
