"""Steps of the payment conversation, as a subscriber does them, for the tests."""

from conversations.testing import ChatDriver

EMAIL = "imane.tazi@example.ma"


async def open_payment(chat: ChatDriver) -> None:
    await chat.event("start_flow", {"flow": "payment"})


async def compose(chat: ChatDriver, code: str) -> None:
    """Tap the code fidélio on the keypad, then ✔."""
    for digit in code:
        await chat.tap(digit)
    await chat.tap("✔")


async def identify_mobile(chat: ChatDriver, msisdn: str, code: str) -> None:
    await open_payment(chat)
    await chat.tap("Mobile")
    await chat.say(msisdn)
    await compose(chat, code)


SMS_QUESTION = "Souhaitez-vous aussi recevoir la confirmation du paiement par SMS"


async def give_email_and_accept(chat: ChatDriver, email: str = EMAIL, sms: str = "Non") -> None:
    """The email twice, the SMS question when asked (Mobile lines only), the conditions."""
    await chat.say(email)
    await chat.say(email)
    if SMS_QUESTION in chat.text:
        await chat.tap(sms)
    await chat.tap("J'accepte")


def link_of(chat: ChatDriver) -> str:
    [url] = [choice.url for choice in chat.choices if choice.url]
    return url
