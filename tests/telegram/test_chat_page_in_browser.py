"""The emulator's chat page in a real headless Chromium, talking to the real bot."""

import pytest

from bot.telegram import TelegramChannel
from bot.telegram.emulator import EmulatorServer

from .browser import CHROMIUM, open_page
from .fakes import PAY_URL

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="needs chromium (apt-get install chromium)")
BUBBLES = "[...document.querySelectorAll('.msg.bot .bubble')].map(b => b.innerText)"


async def test_a_person_types_presses_and_sees_the_bot_answer_in_the_browser(
        emulator: EmulatorServer, polling_bot: TelegramChannel) -> None:
    async with open_page(f"{emulator.root_url}/?user=901&name=Amina") as page:
        await page.wait_for("document.getElementById('who').textContent.includes('901')")
        await page.evaluate("document.getElementById('text').value = '/start';"
                            "document.getElementById('form').requestSubmit(); true")
        await page.wait_for(f"{BUBBLES}.some(t => t.includes('Bienvenue'))")
        link = await page.evaluate("document.querySelector('.row a').href + ' ' + document.querySelector('.row a').target")
        assert link == f"{PAY_URL} _blank"
        await page.evaluate("[...document.querySelectorAll('.row button')]"
                            ".find(b => b.textContent === 'Mes factures').click(); true")
        shown = await page.wait_for(f"{BUBBLES}.find(t => t.includes('Vos factures'))")
    assert "Janvier 2026" in shown
    assert [m.text for m in emulator.user(901).bot_messages()] == ["Vos factures :"]  # edited in place
