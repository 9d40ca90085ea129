"""`python -m bot replay`: run scenario files, print pass/fail, and for a failure what differed."""

import tempfile
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from pathlib import Path

from bot.config import Settings
from bot.scenarios.demo import DemoDatabases, identity_variables
from bot.scenarios.format import Scenario, ScenarioError, collect, load_file
from bot.scenarios.runner import Result, flatten, run
from bot.scenarios.runtime import OpenedBot, open_bot
from bot.scenarios.variables import live_variables
from conversations.testing import ChatDriver, MovableClock
from domain.clock import Clock, local_today, system_clock

EngineOpener = Callable[[Settings, Clock], AbstractAsyncContextManager[OpenedBot]]


def report(result: Result, write: Callable[[str], None]) -> None:
    scenario = result.scenario
    write(f"{'PASS' if result.passed else 'FAIL'}  {scenario.path} — {scenario.name}")
    if result.passed:
        return
    write(f"      at {result.failure}")
    for line in result.expected:
        write(f"      expected: {line}")
    write("      actual:")
    for line in result.actual:
        write(f"        {line}")


async def replay_one(scenario: Scenario, settings: Settings, databases: DemoDatabases,
                     open_engine: EngineOpener = open_bot) -> Result:
    clock = MovableClock(scenario.clock or system_clock())
    today = local_today(clock())
    variables = flatten(identity_variables(today))
    url = await databases.fresh_url(today)
    async with open_engine(settings.with_database(url), clock) as bot:
        chat = ChatDriver(bot.engine, key=scenario.key or f"scenario:{scenario.path.stem}", clock=clock,
                          language_hint=scenario.language)
        return await run(scenario, chat, clock, variables, live_variables(bot, clock))


async def replay(paths: list[Path], settings: Settings, write: Callable[[str], None] = print,
                 open_engine: EngineOpener = open_bot) -> int:
    """Exit status: 0 when every scenario passed, 1 otherwise (2 when there was nothing to run).

    `open_engine(settings, clock)` builds the bot for one scenario: by default the composition root's.
    """
    try:
        files = collect(paths)
    except ScenarioError as problem:
        write(f"ERROR {problem}")
        return 2
    if not files:
        write("no scenario files found")
        return 2
    passed = failed = 0
    with tempfile.TemporaryDirectory(prefix="iam-replay-") as folder:
        databases = DemoDatabases(Path(folder))
        for path in files:
            try:
                result = await replay_one(load_file(path), settings, databases, open_engine)
            except ScenarioError as problem:
                write(f"FAIL  {path} — cannot be read\n      {problem}")
                failed += 1
                continue
            except Exception as exc:  # noqa: BLE001 - one broken scenario must not hide the others
                write(f"FAIL  {path} — the bot could not be started: {type(exc).__name__}: {exc}")
                failed += 1
                continue
            report(result, write)
            passed, failed = passed + result.passed, failed + (not result.passed)
    write(f"\n{passed} passed, {failed} failed")
    return 1 if failed else 0
