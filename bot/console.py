"""The terminal console: a chat with the engine, as one more channel.

Choices are numbered; a number, a keyword or a label selects one. Documents and images are saved
to a folder and their path printed. A secret prompt reads the next line without echo. Support
agents use it to walk any flow as a test subscriber, on the same database as the bot.
"""

import asyncio
import getpass
import itertools
import uuid
from collections.abc import Callable
from pathlib import Path

from conversations.messages import Choice, ConversationHandler, Inbound, Outbound, OutboundKind
from domain.clock import Clock

QUIT = {"/quit", "/exit"}


class Console:
    def __init__(self, engine: ConversationHandler, clock: Clock, *, files_dir: Path, key: str = "console:agent",
                 read: Callable[[str], str] = input, write: Callable[[str], None] = print,
                 read_secret: Callable[[str], str] = getpass.getpass) -> None:
        self.engine, self.clock, self.files_dir, self.key = engine, clock, files_dir, key
        self.read, self.write, self.read_secret = read, write, read_secret
        self.choices: list[Choice] = []
        self.secret_next = False
        self._ids = itertools.count(1)
        self._run = uuid.uuid4().hex[:8]

    async def run(self) -> int:
        self.write("Console chat (type /quit to leave, /start for the menu).")
        while True:
            try:
                line = await asyncio.to_thread(self._read_line)
            except (EOFError, KeyboardInterrupt):
                self.write("")
                return 0
            if line.strip() in QUIT:
                return 0
            self.show(await self.engine.handle(self.inbound(line)))

    def _read_line(self) -> str:
        return self.read_secret("(hidden) > ") if self.secret_next else self.read("> ")

    def inbound(self, line: str) -> Inbound:
        choice = self.pick(line)
        message_id = f"{self._run}-{next(self._ids)}"
        if choice is not None:
            return Inbound(key=self.key, at=self.clock(), choice_id=choice.id, message_id=message_id)
        return Inbound(key=self.key, at=self.clock(), text=line, message_id=message_id)

    def pick(self, line: str) -> Choice | None:
        """The choice a typed number, keyword or label designates (never while a secret is expected)."""
        wanted = line.strip().casefold()
        if self.secret_next or not wanted:
            return None
        if wanted.isdigit() and 1 <= int(wanted) <= len(self.choices):
            choice = self.choices[int(wanted) - 1]
            return None if choice.url else choice
        for choice in self.choices:
            if not choice.url and wanted in (choice.label.casefold(), (choice.keyword or "").casefold()):
                return choice
        return None

    def show(self, replies: list[Outbound]) -> None:
        if not replies:
            return
        self.choices, self.secret_next = [], False
        for reply in replies:
            self._show_one(reply)

    def _show_one(self, reply: Outbound) -> None:
        if reply.kind is OutboundKind.DELETE_USER_MESSAGE:
            self.write("[your message was deleted]")
            return
        if reply.kind in (OutboundKind.DOCUMENT, OutboundKind.IMAGE):
            path = self._save(reply)
            self.write(f"[{reply.kind.value} saved: {path}] {reply.caption or ''}".rstrip())
            return
        self.write(reply.text)
        for choice in reply.all_choices:
            self.choices.append(choice)
            link = f" -> {choice.url}" if choice.url else ""
            self.write(f"  {len(self.choices)}. {choice.label}{link}")
        self.secret_next = self.secret_next or reply.secret_input

    def _save(self, reply: Outbound) -> Path:
        self.files_dir.mkdir(parents=True, exist_ok=True)
        name = Path(reply.filename or f"{reply.kind.value}.bin").name  # never a path from elsewhere
        path = self.files_dir / name
        for n in itertools.count(2):
            if not path.exists():
                break
            path = self.files_dir / f"{Path(name).stem}-{n}{Path(name).suffix}"
        path.write_bytes(reply.content or b"")
        return path
