from bot.console import Console
from conversations.messages import Choice, Inbound, Outbound, OutboundKind, document, image, text


class Script:
    """Lines typed by the agent; the prompt used for each read is recorded (secret or not)."""

    def __init__(self, *lines: str) -> None:
        self.lines, self.prompts, self.printed = list(lines), [], []

    def read(self, prompt: str) -> str:
        self.prompts.append(("plain", prompt))
        return self._next()

    def read_secret(self, prompt: str) -> str:
        self.prompts.append(("secret", prompt))
        return self._next()

    def _next(self) -> str:
        if not self.lines:
            raise EOFError
        return self.lines.pop(0)

    @property
    def output(self) -> str:
        return "\n".join(self.printed)


def _console(engine, clock, tmp_path, script: Script) -> Console:
    return Console(engine, clock, files_dir=tmp_path / "files", read=script.read, write=script.printed.append,
                   read_secret=script.read_secret)


async def test_choices_are_numbered_and_a_number_a_keyword_or_a_label_selects_one(engine, clock, tmp_path):
    script = Script("/start", "6", "English", "/menu", "get my fidélio code")
    assert await _console(engine, clock, tmp_path, script).run() == 0
    assert "  6. Langue · اللغة · Language" in script.output
    assert "Done, I will answer you in English" in script.output
    assert "to 1117 from your Maroc Telecom Mobile line" in script.output


async def test_a_secret_prompt_is_read_without_echo(engine, clock, tmp_path):
    script = Script("/start")
    console = _console(engine, clock, tmp_path, script)
    await console.run()
    # The sample PIN flow is not in the menu: open it as a deep link would.
    console.show(await engine.handle(Inbound(key=console.key, at=clock(), event="start_flow",
                                             payload={"flow": "pin"})))
    script.lines = ["Amina", "4831", "/quit"]
    await console.run()
    assert ("secret", "(hidden) > ") in script.prompts
    assert "4831" not in script.output and "[your message was deleted]" in script.output


async def test_documents_and_images_are_saved_and_their_path_printed(engine, clock, tmp_path):
    script = Script()
    console = _console(engine, clock, tmp_path, script)
    console.show([document(b"%PDF-1.4 demo", "facture-0000171682062019.pdf", caption="Votre facture"),
                  image(b"\x89PNG", "qr.png"), document(b"%PDF again", "facture-0000171682062019.pdf")])
    saved = sorted(p.name for p in (tmp_path / "files").iterdir())
    assert saved == ["facture-0000171682062019-2.pdf", "facture-0000171682062019.pdf", "qr.png"]
    assert f"[document saved: {tmp_path / 'files' / 'facture-0000171682062019.pdf'}] Votre facture" in script.output


async def test_a_link_button_is_shown_with_its_address_and_is_not_sent_as_a_choice(engine, clock, tmp_path):
    script = Script()
    console = _console(engine, clock, tmp_path, script)
    console.show([text("Payez ici", [Choice("x|pay", "Payer", url="https://pay.example/1")])])
    assert "  1. Payer -> https://pay.example/1" in script.output
    assert console.pick("1") is None and console.inbound("1").text == "1"


async def test_the_end_of_input_leaves_the_console_cleanly(engine, clock, tmp_path):
    assert await _console(engine, clock, tmp_path, Script()).run() == 0


def test_the_console_knows_every_kind_of_outbound_message():
    assert {kind.value for kind in OutboundKind} == {"text", "document", "image", "delete_user_message"}
    assert Outbound().kind is OutboundKind.TEXT
