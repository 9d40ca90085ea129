"""What a subscriber does in the Telegram app, step by step, against the real bot: wait for a text,
press a button, read what came. Waiting is on the expected text (never a fixed sleep)."""

import asyncio
from datetime import date

from bot.scenarios.demo import identity_variables
from bot.telegram.emulator import EmulatorServer
from bot.telegram.emulator.users import Reply, SimUser
from domain.clock import local_today, system_clock


def demo_identity(name: str, today: date | None = None) -> dict:
    return identity_variables(today or local_today(system_clock()))[name]


async def expect(user: SimUser, *fragments: str, timeout: float = 10.0) -> list[Reply]:
    """Read replies until every fragment has appeared in one of them (text or button labels);
    returns what was read."""
    seen: list[Reply] = []
    missing = list(fragments)
    try:
        async with asyncio.timeout(timeout):
            while missing:
                reply = await user.next_reply(timeout)
                seen.append(reply)
                body = "\n".join([reply.text or "", *reply.button_labels])
                missing = [fragment for fragment in missing if fragment not in body]
    except TimeoutError:
        raise AssertionError(f"never saw {missing!r}; got {[r.text for r in seen]!r}") from None
    return seen


async def document(user: SimUser, timeout: float = 10.0) -> Reply:
    async with asyncio.timeout(timeout):
        while True:
            reply = await user.next_reply(timeout)
            if reply.kind == "sent" and reply.message.document is not None:
                return reply


async def photo(user: SimUser, timeout: float = 10.0) -> Reply:
    async with asyncio.timeout(timeout):
        while True:
            reply = await user.next_reply(timeout)
            if reply.kind == "sent" and reply.message.photo is not None:
                return reply


async def compose(user: SimUser, code: str) -> None:
    """The code fidélio on the keypad, then ✔ (each press edits the keypad message)."""
    for digit in code:
        await tap(user, digit)
        await user.next_reply()
    await tap(user, "✔")


def link_button(user: SimUser) -> str:
    [url] = [button["url"] for message in reversed(user.bot_messages()) for button in message.buttons
             if "url" in button][:1]
    return url


async def identify_mobile_and_accept(user: SimUser, mobile: dict, email: str) -> None:
    """Payment, up to the selection of invoices: Mobile, keypad code, email twice, no confirmation
    by SMS, CGU accepted."""
    await user.says("/start")
    await expect(user, "Payer une facture")
    await tap(user, "Payer une facture")
    await expect(user, "Quel service souhaitez-vous payer")
    await tap(user, "Mobile")
    await expect(user, "numéro de téléphone mobile")
    await user.says(mobile["msisdn"])
    await expect(user, "Composez votre code fidélio")
    await compose(user, mobile["code"])
    await expect(user, "adresse e-mail de notification")
    await user.says(email)
    await expect(user, "Confirmez votre adresse e-mail")
    await user.says(email)
    await expect(user, "confirmation du paiement par SMS")
    await tap(user, "Non")
    await expect(user, "conditions générales d'utilisation")
    await tap(user, "J'accepte")
    await expect(user, "3 facture(s) sélectionnée(s)")


def unanswered(emulator: EmulatorServer) -> list[str]:
    return emulator.world.unanswered_callback_queries()


async def tap(user: SimUser, label: str, timeout: float = 10.0) -> dict:
    """Press a button, waiting for it to be shown (its message may still be on its way)."""
    async with asyncio.timeout(timeout):
        while True:
            try:
                return await user.presses(label)
            except AssertionError:
                await asyncio.sleep(0.02)
