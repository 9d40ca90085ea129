"""The emulator refuses what Telegram refuses, so bugs show up here rather than in production."""

import asyncio
from datetime import UTC, datetime, timedelta

import aiohttp
import pytest

from bot.telegram.emulator import EmulatorServer

from .conftest import TOKEN


async def call(server: EmulatorServer, method: str, **fields) -> tuple[int, dict]:  # noqa: ANN003
    async with aiohttp.ClientSession() as session:
        async with session.post(f"{server.base_url}{TOKEN}/{method}", data=fields) as response:
            return response.status, await response.json()


async def test_an_unknown_method_fails_loudly_and_is_recorded() -> None:
    async with EmulatorServer(TOKEN) as server:
        status, body = await call(server, "sendDice", chat_id="1")
        assert (status, body["ok"], body["description"]) == (404, False, "Not Found")
        assert server.world.unknown_methods == ["sendDice"]


async def test_get_me_names_the_bot_with_a_username() -> None:
    async with EmulatorServer(TOKEN) as server:
        status, body = await call(server, "getme")
        assert status == 200 and body["result"]["username"] and body["result"]["is_bot"] is True


@pytest.mark.parametrize(("fields", "error"), [
    ({"text": "x" * 4097}, "message is too long"),
    ({"text": ""}, "message text is empty"),
    ({"text": "ok", "reply_markup": '{"inline_keyboard": [[{"text": "b", "callback_data": "' + "d" * 65 + '"}]]}'},
     "BUTTON_DATA_INVALID"),
    ({"text": "<b>open", "parse_mode": "HTML"}, "can't parse entities"),
    ({"text": "ok", "chat_id": "999"}, "chat not found"),
])
async def test_messages_beyond_telegram_limits_are_refused(fields: dict, error: str) -> None:
    async with EmulatorServer(TOKEN) as server:
        server.user(1)
        status, body = await call(server, "sendMessage", **{"chat_id": "1", **fields})
        assert status == 400 and error in body["description"]


async def test_a_caption_longer_than_1024_characters_is_refused() -> None:
    async with EmulatorServer(TOKEN) as server:
        server.user(1)
        form = aiohttp.FormData({"chat_id": "1", "caption": "c" * 1025})
        form.add_field("document", b"%PDF", filename="a.pdf", content_type="application/pdf")
        async with aiohttp.ClientSession() as session:
            async with session.post(f"{server.base_url}{TOKEN}/sendDocument", data=form) as response:
                assert response.status == 400 and "caption is too long" in (await response.json())["description"]


async def test_a_second_poll_terminates_the_first_with_a_conflict() -> None:
    async with EmulatorServer(TOKEN) as server:
        first = asyncio.create_task(call(server, "getUpdates", timeout="5"))
        await asyncio.sleep(0.1)
        second = asyncio.create_task(call(server, "getUpdates", timeout="0"))
        assert (await first)[0] == 409
        assert (await second)[0] == 200


async def test_a_long_poll_wakes_as_soon_as_a_user_writes_and_offset_confirms_updates() -> None:
    async with EmulatorServer(TOKEN) as server:
        poll = asyncio.create_task(call(server, "getUpdates", timeout="5"))
        await asyncio.sleep(0.05)
        update = await server.user(7).says("/start now")
        _, body = await asyncio.wait_for(poll, 1)
        assert body["result"][0]["message"]["entities"] == [{"type": "bot_command", "offset": 0, "length": 6}]
        _, body = await call(server, "getUpdates", offset=str(update["update_id"] + 1), timeout="0")
        assert body["result"] == []


async def test_the_per_chat_flood_limit_answers_429_with_retry_after() -> None:
    async with EmulatorServer(TOKEN) as server:
        server.user(1)
        server.world.limits.per_chat_burst = 2
        statuses = [(await call(server, "sendMessage", chat_id="1", text="hi"))[0] for _ in range(3)]
        _, body = await call(server, "sendMessage", chat_id="1", text="hi")
        assert statuses == [200, 200, 429] and body["parameters"]["retry_after"] >= 1


async def test_messages_older_than_48_hours_cannot_be_deleted() -> None:
    now = [datetime(2026, 1, 1, tzinfo=UTC)]
    async with EmulatorServer(TOKEN, clock=lambda: now[0]) as server:
        update = await server.user(1).says("secret")
        now[0] += timedelta(hours=49)
        status, body = await call(server, "deleteMessage", chat_id="1",
                                  message_id=str(update["message"]["message_id"]))
        assert status == 400 and "can't be deleted" in body["description"]


async def test_the_chat_page_shows_bot_messages_with_buttons_and_files() -> None:
    async with EmulatorServer(TOKEN) as server:
        user = server.user(5)
        server.world.store_file(b"x", "a.pdf", "application/pdf")
        markup = '{"inline_keyboard": [[{"text": "Payer", "url": "http://127.0.0.1/pay"}]]}'
        await call(server, "sendMessage", chat_id="5", text="Bonjour", reply_markup=markup)
        async with aiohttp.ClientSession() as session:
            async with session.get(f"{server.root_url}/") as page:
                assert "<script>" in await page.text() and "cdn" not in (await page.text()).lower()
            async with session.get(f"{server.root_url}/__chat/5/state?version=-1") as state:
                messages = (await state.json())["messages"]
            async with session.post(f"{server.root_url}/__chat/5/send", json={"text": "salut"}):
                pass
        assert messages[0]["buttons"] == [[{"text": "Payer", "data": None, "url": "http://127.0.0.1/pay"}]]
        assert [m.text for m in user.visible()][-1] == "salut"


async def test_a_button_pressed_on_the_chat_page_becomes_a_callback_query() -> None:
    async with EmulatorServer(TOKEN) as server:
        server.user(6)
        markup = '{"inline_keyboard": [[{"text": "Oui", "callback_data": "yes"}]]}'
        _, sent = await call(server, "sendMessage", chat_id="6", text="D'accord ?", reply_markup=markup)
        async with aiohttp.ClientSession() as session:
            press = {"message_id": sent["result"]["message_id"], "data": "yes"}
            async with session.post(f"{server.root_url}/__chat/6/send", json=press) as response:
                assert response.status == 200
        _, body = await call(server, "getUpdates", timeout="0")
        query = body["result"][0]["callback_query"]
        assert query["data"] == "yes" and query["message"]["text"] == "D'accord ?"
        assert server.world.unanswered_callback_queries() == [query["id"]]
