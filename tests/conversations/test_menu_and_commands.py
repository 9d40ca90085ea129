from conversations.engine import Engine
from conversations.flows import info, language, menu
from conversations.messages import OutboundKind
from conversations.registry import FlowRegistry
from conversations.testing import ChatDriver

MENU = ["Créer un compte e-facture", "Se connecter", "Payer une facture", "Obtenir mon code fidélio",
        "Aide", "Langue · اللغة · Language"]


async def test_first_message_gets_a_welcome_and_the_main_menu_in_the_guides_order(engine):
    chat = ChatDriver(engine)
    await chat.say("bonjour")
    assert "bienvenue" in chat.text
    assert chat.labels == MENU


async def test_a_menu_entry_whose_flow_is_not_registered_is_coming_soon(store, clock):
    built_in_only = FlowRegistry([menu.FLOW, *info.FLOWS, language.FLOW])
    chat = ChatDriver(Engine(store, built_in_only, clock=clock))
    await chat.say("/start")
    await chat.tap("Se connecter")
    assert "bientôt disponible" in chat.text
    assert chat.labels == MENU


async def test_fidelio_explains_the_sms_code_to_1117_and_offers_login_or_the_menu(chat):
    await chat.tap("Obtenir mon code fidélio")
    assert "« code » au 1117" in chat.text
    assert chat.labels == ["Se connecter", "Menu principal"]
    await chat.tap("Menu principal")
    assert chat.labels == MENU


async def test_a_menu_entry_can_be_typed_by_number_or_by_label(chat):
    await chat.say("4")
    assert "1117" in chat.text
    await chat.say("/menu")
    await chat.say("obtenir mon code FIDÉLIO")
    assert "1117" in chat.text


async def test_the_chosen_language_is_kept_for_the_next_messages(chat):
    await chat.tap("Langue · اللغة · Language")
    await chat.tap("العربية")
    assert "العربية" in chat.texts[0]
    await chat.say("/menu")
    assert "تسجيل الدخول" in chat.labels


async def test_lang_command_opens_the_language_choice_from_anywhere(chat):
    await chat.say("/lang")
    assert chat.labels == ["Français", "العربية", "English", "Annuler"]
    await chat.say("en")
    assert chat.texts[0].startswith("Done")


async def test_help_command_shows_help_and_the_current_step_again(chat):
    await chat.tap("Langue · اللغة · Language")
    await chat.say("/help")
    assert "/cancel" in chat.texts[0]
    assert chat.labels == ["Français", "العربية", "English", "Annuler"]


async def test_cancel_leaves_the_flow_for_the_main_menu(chat):
    await chat.tap("Langue · اللغة · Language")
    await chat.say("/cancel")
    assert "annulé" in chat.texts[0]
    assert chat.labels == MENU


async def test_an_unknown_command_gets_help_on_the_commands(chat):
    await chat.say("/frobnicate")
    assert "/menu" in chat.texts[0] and chat.labels == MENU


async def test_a_bare_word_command_works_for_sms_users(chat):
    await chat.tap("Langue · اللغة · Language")
    await chat.say("MENU")
    assert chat.labels == MENU


async def test_invalid_input_says_what_is_expected_and_asks_again(chat):
    await chat.say("je veux une pizza")
    assert "options proposées" in chat.texts[0]
    assert chat.labels == MENU


async def test_three_invalid_answers_in_a_row_offer_help_and_the_menu(chat):
    for _ in range(3):
        await chat.say("???")
    assert any("difficulté" in t for t in chat.texts)
    assert {"/help", "/menu"} <= {c.id for c in chat.choices}
    await chat.press("/help")
    assert "777" in chat.texts[0]


async def test_a_button_of_an_older_step_has_expired_and_the_current_step_is_shown(chat):
    old_menu = chat.find_choice("Aide").id
    await chat.tap("Langue · اللغة · Language")
    await chat.press(old_menu)
    assert "plus valable" in chat.texts[0]
    assert chat.labels == ["Français", "العربية", "English", "Annuler"]


async def test_a_forged_choice_id_is_treated_as_an_expired_button(chat):
    await chat.press("zz|" + "x" * 300)
    assert "plus valable" in chat.texts[0] and chat.labels == MENU


async def test_choice_ids_fit_in_telegram_callback_data(chat):
    assert all(len(c.id.encode()) <= 64 for c in chat.choices)


async def test_an_inbound_message_id_already_handled_is_ignored(chat):
    first = await chat.send(chat._inbound(text="5"))
    again = await chat.send(type(chat._inbound())(key=chat.key, at=chat.clock(), text="5", message_id="m-dup"))
    duplicate = await chat.send(type(chat._inbound())(key=chat.key, at=chat.clock(), text="5", message_id="m-dup"))
    assert first and again and duplicate == []


async def test_no_reply_is_a_delete_unless_a_card_or_secret_was_read(chat):
    await chat.tap("Aide")
    assert all(r.kind is OutboundKind.TEXT for r in chat.replies)
