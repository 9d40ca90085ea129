"""Replaying one scenario against an engine and reporting the first step that went wrong."""

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from bot.scenarios.checks import describe, problems
from bot.scenarios.format import Scenario, ScenarioError, Step
from conversations.messages import Outbound
from conversations.testing import ChatDriver, ChoiceNotOffered, MovableClock

_VARIABLE = re.compile(r"\{([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+)\}")


@dataclass
class Result:
    scenario: Scenario
    failure: str | None = None
    expected: list[str] = field(default_factory=list)
    actual: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return self.failure is None


def flatten(identities: dict, prefix: str = "demo") -> dict[str, str]:
    """{"mobile": {"msisdn": "06..."}} -> {"demo.mobile.msisdn": "06..."}."""
    flat: dict[str, str] = {}
    for name, value in identities.items():
        if isinstance(value, dict):
            flat.update(flatten(value, f"{prefix}.{name}"))
        else:
            flat[f"{prefix}.{name}"] = str(value)
    return flat


def resolve(text: str, variables: dict[str, str]) -> str:
    def value(match: re.Match) -> str:
        if match.group(1) not in variables:
            known = ", ".join(sorted(variables)) or "none"
            raise ScenarioError(f"unknown variable {{{match.group(1)}}} (known: {known})")
        return variables[match.group(1)]

    return _VARIABLE.sub(value, str(text))


def _resolve_any(value, variables: dict[str, str]):
    if isinstance(value, str):
        return resolve(value, variables)
    if isinstance(value, list):
        return [_resolve_any(v, variables) for v in value]
    return value


async def _act(chat: ChatDriver, clock: MovableClock, step: Step, variables: dict[str, str]) -> list[Outbound]:
    if step.action == "wait":
        clock.at += step.value
        return []
    if step.action == "event":
        payload = {k: resolve(v, variables) for k, v in step.payload.items()}
        return await chat.event(str(step.value), payload)
    value = resolve(step.value, variables)
    if step.action == "tap":
        choice = _nth_choice(chat, value) or chat.find_choice(value)
        if choice.url:
            raise ChoiceNotOffered(f"{value!r} is a link button (to {choice.url}), it cannot be tapped")
        return await chat.press(choice.id)
    return await chat.say(value)


def _nth_choice(chat: ChatDriver, value: str):
    if value.isdigit() and 1 <= int(value) <= len(chat.choices):
        return chat.choices[int(value) - 1]
    return None


async def run(scenario: Scenario, chat: ChatDriver, clock: MovableClock, variables: dict[str, str],
              refresh: Callable[[], Awaitable[dict[str, str]]] | None = None) -> Result:
    """`refresh` gives variables that change as the bot sends (a code just texted), before each step."""
    for step in scenario.steps:
        if refresh is not None:
            variables = {**variables, **await refresh()}
        before = chat.replies
        try:
            replies = await _act(chat, clock, step, variables)
        except (ChoiceNotOffered, ScenarioError) as problem:
            return Result(scenario, step.describe(), [str(problem)], describe(before))
        try:
            expect = {k: _resolve_any(v, variables) for k, v in step.expect.items()}
        except ScenarioError as problem:
            return Result(scenario, step.describe(), [str(problem)], describe(replies))
        missing = problems(expect, replies)
        if missing:
            return Result(scenario, step.describe(), missing, describe(replies))
    return Result(scenario)
