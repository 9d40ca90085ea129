"""The guide's path end to end on the real argon2id hasher: créer un compte, recevoir le mot de
passe, se connecter, le changer, se reconnecter, puis l'oublier."""

from datetime import timedelta

import pytest

from bot.security import Argon2PasswordHasher
from domain.efacture.login import Authenticator
from domain.efacture.passwords import change_password
from domain.efacture.registration import RegistrationRequest, register
from domain.efacture.reset import request_password_reset
from domain.errors import Refused
from domain.services import ServiceType
from tests.efacture.builders import NOW, a_line
from tests.efacture.fakes import secret_in


async def test_a_subscriber_registers_logs_in_changes_the_password_and_resets_it(uow, texts):
    hasher = Argon2PasswordHasher.cheap_for_tests()
    authenticator = Authenticator(hasher)
    await uow.lines.add(a_line(1))
    request = RegistrationRequest(ServiceType.MOBILE, "+212 6 12 34 56 78", "Amina", "amina@example.ma",
                                  "amina@example.ma", "1716820")
    await register(uow, hasher, texts, request, NOW)
    received = secret_in(uow.data.outbox[-1])

    first = await authenticator.log_in(uow, "amina", received, NOW + timedelta(hours=1))
    assert first.must_change_password
    await change_password(uow, hasher, first.account.id, received, "Jardin2027", "Jardin2027", NOW)
    again = await authenticator.log_in(uow, "AMINA", "Jardin2027", NOW + timedelta(days=30))
    assert not again.must_change_password

    later = NOW + timedelta(days=31)
    await request_password_reset(uow, hasher, texts, "amina", later)
    forgotten = secret_in(uow.data.outbox[-1])
    assert not (await authenticator.log_in(uow, "amina", "Jardin2027", later)).must_change_password
    with pytest.raises(Refused):  # logging in with the current password voided the one-time one
        await authenticator.log_in(uow, "amina", forgotten, later)

    await request_password_reset(uow, hasher, texts, "amina", later)
    fresh = secret_in(uow.data.outbox[-1])
    assert (await authenticator.log_in(uow, "amina", fresh, later)).must_change_password
    with pytest.raises(Refused):  # the one-time password became the password
        await authenticator.log_in(uow, "amina", "Jardin2027", later)
