"""Real PTB, long polling, against the emulator, with the fake engine."""

from bot.telegram import TelegramChannel
from bot.telegram.emulator import EmulatorServer

from .fakes import PAY_URL, FakeEngine


async def test_a_typed_message_reaches_the_engine_and_its_reply_reaches_the_user(
        emulator: EmulatorServer, polling_bot: TelegramChannel, engine: FakeEngine) -> None:
    user = emulator.user(101, "Amina", "ar")
    await user.says("bonjour")
    reply = await user.next_reply()
    assert (reply.kind, reply.text) == ("sent", "echo: bonjour")
    inbound = engine.inbounds[0]
    assert (inbound.key, inbound.text, inbound.language_hint) == ("telegram:101", "bonjour", "ar")
    assert inbound.message_id == f"101:{emulator.world.chats[101].messages[1].message_id}"


async def test_start_shows_callback_and_link_buttons(emulator: EmulatorServer, polling_bot: TelegramChannel) -> None:
    user = emulator.user(102)
    await user.says("/start")
    reply = await user.next_reply()
    assert reply.button_labels == ["Mes factures", "Payer en ligne"]
    callback, link = reply.message.buttons
    assert callback["callback_data"] == "menu:invoices" and "url" not in callback
    assert link["url"] == PAY_URL and "callback_data" not in link


async def test_pressing_a_button_edits_that_message_and_answers_the_callback(
        emulator: EmulatorServer, polling_bot: TelegramChannel, engine: FakeEngine) -> None:
    user = emulator.user(103)
    await user.says("/start")
    menu = await user.next_reply()
    await user.presses("Mes factures")
    edited = await user.next_reply()
    assert (edited.kind, edited.message.message_id) == ("edited", menu.message.message_id)
    assert edited.text == "Vos factures :" and edited.button_labels == ["Janvier 2026"]
    assert engine.inbounds[-1].choice_id == "menu:invoices"
    assert engine.inbounds[-1].message_id.startswith("cb:")
    assert emulator.world.unanswered_callback_queries() == []


async def test_a_document_is_uploaded_once_then_resent_by_its_file_id(
        emulator: EmulatorServer, polling_bot: TelegramChannel) -> None:
    user = emulator.user(104)
    await user.says("facture")
    first = await user.next_reply()
    await user.says("facture")
    second = await user.next_reply()
    assert first.message.document.content == b"%PDF-1.4\n% fake invoice\n"
    assert first.message.document.filename == "facture-2026-01.pdf"
    sent = [call.params["document"] for call in emulator.world.calls_to("sendDocument")]
    assert sent[0]["upload"] is True and sent[0]["filename"] == "facture-2026-01.pdf"
    assert sent[1] == first.message.document.file_id
    assert second.message.document.file_id == first.message.document.file_id


async def test_a_button_that_sends_a_document_clears_the_pressed_keyboard_first(
        emulator: EmulatorServer, polling_bot: TelegramChannel) -> None:
    user = emulator.user(105)
    await user.says("/start")
    await user.next_reply()
    await user.presses("Mes factures")
    await user.next_reply()
    await user.presses("Janvier 2026")
    cleared, pdf, follow_up = await user.replies(3)
    assert cleared.kind == "edited" and cleared.message.buttons == []
    assert pdf.message.document is not None
    assert follow_up.text == "Autre chose ?" and user.keyboards() == [["Mes factures"]]


async def test_a_captcha_is_sent_as_a_photo_with_its_caption(
        emulator: EmulatorServer, polling_bot: TelegramChannel) -> None:
    user = emulator.user(106)
    await user.says("captcha")
    reply = await user.next_reply()
    assert reply.message.photo is not None and reply.message.photo.content.startswith(b"\x89PNG")
    assert reply.text == "Recopiez le code"


async def test_a_password_typed_after_a_secret_prompt_is_deleted_from_the_chat(
        emulator: EmulatorServer, polling_bot: TelegramChannel, engine: FakeEngine) -> None:
    user = emulator.user(107)
    await user.says("login")
    await user.next_reply()
    update = await user.says("hunter2")
    deleted, thanks = await user.replies(2)
    assert deleted.kind == "deleted" and deleted.message.message_id == update["message"]["message_id"]
    assert thanks.text == "Mot de passe reçu."
    assert "hunter2" not in [m.text for m in user.visible()]
    assert engine.inbounds[-1].text == "hunter2"
    assert len(emulator.world.calls_to("deleteMessage")) == 1  # the engine's request was not repeated


async def test_the_same_update_delivered_twice_is_answered_once(
        emulator: EmulatorServer, polling_bot: TelegramChannel, engine: FakeEngine) -> None:
    user = emulator.user(108)
    update = await user.says("une fois")
    await emulator.world.updates.redeliver(update, user.id)
    assert (await user.next_reply()).text == "echo: une fois"
    assert await user.quiet(0.4) == []
    assert len(emulator.world.updates.delivered) >= 2
    assert [i.text for i in engine.inbounds] == ["une fois"]


async def test_a_photo_from_the_user_arrives_as_an_attachment(
        emulator: EmulatorServer, polling_bot: TelegramChannel, engine: FakeEngine) -> None:
    user = emulator.user(109)
    await user.sends_photo(b"\x89PNG user", caption="ma facture")
    assert (await user.next_reply()).text == "reçu: photo"
    attachment = engine.inbounds[-1].attachment
    assert attachment.kind == "photo" and attachment.file_id in emulator.world.files
    assert engine.inbounds[-1].text == "ma facture"


async def test_the_command_menu_is_registered_in_french_arabic_and_english(
        emulator: EmulatorServer, polling_bot: TelegramChannel) -> None:
    commands = emulator.world.commands
    assert set(commands) == {("default", ""), ("default", "fr"), ("default", "ar"), ("default", "en")}
    assert [c["command"] for c in commands[("default", "ar")]] == ["start", "menu", "language", "help", "cancel"]
    assert commands[("default", "ar")][0]["description"] != commands[("default", "en")][0]["description"]
    assert commands[("default", "")] == commands[("default", "fr")]


class LongAnswer:
    async def handle(self, inbound):  # noqa: ANN001, ANN201
        from conversations.messages import Choice, text
        lines = "\n".join(f"Facture {n:04d} : 123,45 DH, échéance le 15 du mois" for n in range(120))
        return [text(lines, [Choice("menu", "Menu")])]


async def test_a_text_longer_than_telegram_allows_is_split_at_line_ends_with_buttons_on_the_last_part(
        emulator: EmulatorServer, start_bot) -> None:  # noqa: ANN001
    await start_bot(LongAnswer())
    user = emulator.user(110)
    await user.says("toutes mes factures")
    first, second = await user.replies(2)
    assert len(first.text) <= 4096 and first.text.endswith("du mois") and first.message.buttons == []
    assert second.button_labels == ["Menu"]
    assert first.text.count("\n") + second.text.count("\n") == 118


async def test_a_file_id_telegram_no_longer_knows_is_replaced_by_a_fresh_upload(
        emulator: EmulatorServer, polling_bot: TelegramChannel) -> None:
    user = emulator.user(111)
    await user.says("facture")
    first = await user.next_reply()
    del emulator.world.files[first.message.document.file_id]  # Telegram forgot it
    await user.says("facture")
    second = await user.next_reply()
    assert second.message.document.content == first.message.document.content
    statuses = [(call.status, isinstance(call.params["document"], dict))
                for call in emulator.world.calls_to("sendDocument")]
    assert statuses == [(200, True), (400, False), (200, True)]
