"""Variables that change while a scenario runs: what the subscriber's phone and mailbox receive.

{captcha.answer} (the captcha just shown), {outbox.sms.password}, {outbox.email.password} and
{outbox.email.code} (the secrets of the last SMS and email waiting in the outbox). They are read
again before every step. Replays only: the captcha recorder keeps answers in clear on purpose.
"""

from collections.abc import Awaitable, Callable

from bot.scenarios.runtime import OpenedBot
from domain.clock import Clock

Refresh = Callable[[], Awaitable[dict[str, str]]]


def _record_captchas(bot: OpenedBot):
    services = bot.engine.services
    if getattr(getattr(services, "efacture", None), "captcha", None) is None:
        return None
    from conversations.flows.efacture.scenario_support import with_recording_captchas

    bot.engine.services, recorder = with_recording_captchas(services)
    return recorder


def live_variables(bot: OpenedBot, clock: Clock) -> Refresh:
    recorder = _record_captchas(bot)

    async def current() -> dict[str, str]:
        values = {"captcha.answer": recorder.last_answer} if recorder else {}
        if bot.database is not None:
            from conversations.flows.efacture.scenario_support import outbox_variables

            values.update(await outbox_variables(bot.database.uow, clock()))
        return values

    return current
