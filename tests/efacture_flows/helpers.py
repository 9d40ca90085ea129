"""Short ways through the flows, so each test talks only about what it checks."""

from conversations.messages import OutboundKind
from conversations.testing import ChatDriver
from tests.efacture.fakes import FakeData
from tests.efacture_flows.conftest import last_message, password_in


async def fill_form(chat: ChatDriver, service: str, *answers: str) -> None:
    await chat.tap("Créer un compte e-facture")
    await chat.tap(service)
    for answer in answers:
        await chat.say(answer)


async def register_mobile(chat: ChatDriver, captchas, login: str = "amina") -> None:
    await fill_form(chat, "Mobile", "06 12 34 56 78", "1716820", login, "amina@gmail.com", "amina@gmail.com")
    await chat.say(captchas.answer)


async def log_in(chat: ChatDriver, login: str, password: str) -> None:
    await chat.tap("Se connecter")
    await chat.say(login)
    await chat.say(password)


async def registered_and_logged_in(chat: ChatDriver, captchas, data: FakeData, new: str = "Jardin2027") -> None:
    """Créer un compte, log in with the SMS password, change it: ends at the account menu. Right
    after that log-in the received password is not asked again: only the new one, twice."""
    await register_mobile(chat, captchas)
    received = password_in(last_message(data, "0612345678"))
    await log_in(chat, "amina", received)
    for answer in (new, new):
        await chat.say(answer)


def kinds(chat: ChatDriver) -> list[OutboundKind]:
    return [reply.kind for reply in chat.replies]
