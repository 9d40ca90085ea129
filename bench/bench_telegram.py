"""Telegram channel throughput and latency: simulated users -> emulator -> PTB bot -> handler -> back.

The bot runs in its own process (as it would against the real Telegram), so its CPU time and peak
RSS are measured alone; the emulator and the simulated users run here. Scenarios, in one run:

* floor: a plain PTB echo bot (one TypeHandler, reply_text with the same two buttons as the default
  handler's reply, no rate limiter) on the same emulator;
* ours: TelegramChannel + a handler (default: an echo with a keyboard; `--handler module:factory`
  plugs in the real engine later) with the per-chat limiter relaxed (capacity) and as in
  production (1 msg/s per chat with bursts, 30/s overall; the emulator then answers 429 above
  Telegram's limits); and the real engine (`--handler engine`: in-memory store, menu only).

Closed loop: 20 users, each sending as soon as it gets its reply. Open loop: 100 updates/s spread
over 100 users (each user writes once a second).

    .venv/bin/python bench/bench_telegram.py [--seconds 10] [--handler module:factory]
"""

import argparse
import asyncio
import importlib
import inspect
import os
import signal
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._report import median, percentile, write_section  # noqa: E402
from bot.telegram.emulator import EmulatorServer  # noqa: E402

TOKEN = "123456:BENCH-token"
CLK_TCK = os.sysconf("SC_CLK_TCK")
REPLY_TIMEOUT = 120.0  # a reply later than this counts as unanswered


# --- the bot process ---------------------------------------------------------------------------

class EchoWithKeyboard:
    """Default handler: what the adapter must render for a typical engine reply."""

    async def handle(self, inbound):  # noqa: ANN001, ANN201
        from conversations.messages import Choice, text
        return [text(f"echo: {inbound.text}", [Choice("menu", "Menu"), Choice("help", "Aide")])]


def memory_engine():  # noqa: ANN201
    """The real conversation engine on its in-memory store (no domain services: menu and help)."""
    from conversations.engine import Engine
    from conversations.flows import registry
    from conversations.memory_store import MemoryConversationStore
    return Engine(MemoryConversationStore(), registry())


async def load_handler(spec: str):  # noqa: ANN201
    module_name, _, attribute = spec.partition(":")
    made = getattr(importlib.import_module(module_name), attribute)()
    return await made if inspect.isawaitable(made) else made


async def serve_floor(base_url: str) -> tuple:
    from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
    from telegram.ext import Application, TypeHandler

    # The same Bot API work as the default handler's reply (text + two buttons), without the adapter.
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("Menu", callback_data="menu"),
                                    InlineKeyboardButton("Aide", callback_data="help")]])

    async def echo(update: Update, context) -> None:  # noqa: ANN001
        await update.message.reply_text(f"echo: {update.message.text}", reply_markup=markup)

    app = Application.builder().token(TOKEN).base_url(f"{base_url}/bot").build()
    app.add_handler(TypeHandler(Update, echo, block=False))
    await app.initialize()
    await app.updater.start_polling()
    await app.start()

    async def stop() -> None:
        await app.updater.stop()
        await app.stop()
        await app.shutdown()
    return (stop,)


async def serve_ours(base_url: str, limits: str, handler_spec: str) -> tuple:
    from bot.telegram import TelegramChannel
    from bot.telegram.ratelimit import ChatRateLimiter

    limiter = (ChatRateLimiter() if limits == "production"
               else ChatRateLimiter(overall_per_second=100_000, per_chat_per_second=1000, per_chat_burst=1000))
    handler = {"echo": EchoWithKeyboard, "engine": memory_engine}.get(handler_spec)
    handler = handler() if handler else await load_handler(handler_spec)
    channel = TelegramChannel(handler, token=TOKEN, base_url=base_url, rate_limiter=limiter, register_menu=False)
    await channel.start()
    return (channel.stop,)


async def serve(args: argparse.Namespace) -> None:
    stop_event = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop_event.set)
    if args.serve == "floor":
        (stop,) = await serve_floor(args.base_url)
    else:
        (stop,) = await serve_ours(args.base_url, args.limits, args.handler)
    await stop_event.wait()
    await stop()


# --- the driver --------------------------------------------------------------------------------

@dataclass
class Result:
    name: str
    latencies: list[float] = field(default_factory=list)
    sent: int = 0
    elapsed: float = 0.0
    cpu_seconds: float = 0.0
    peak_rss_mb: float = 0.0
    too_many: int = 0

    @property
    def per_second(self) -> float:
        return len(self.latencies) / self.elapsed if self.elapsed else 0.0


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


async def exchange(user, result: Result, replies_per_turn: int) -> None:  # noqa: ANN001
    """One turn: send, then wait for the turn's last reply (a handler may answer with several)."""
    started = time.perf_counter()
    result.sent += 1
    await user.says(f"n{result.sent}")
    try:
        await user.replies(replies_per_turn, timeout=REPLY_TIMEOUT)
    except TimeoutError:
        return
    result.latencies.append(time.perf_counter() - started)


async def warm_up(users: list) -> int:
    """Two turns per user (the first may greet); returns how many replies a steady turn has."""
    async def turn(user) -> int:  # noqa: ANN001
        await user.says("bonjour")
        await user.next_reply(timeout=60)  # the bot process may still be starting
        return 1 + len(await user.quiet(0.5))

    await asyncio.gather(*(turn(user) for user in users))
    counts = await asyncio.gather(*(turn(user) for user in users))
    return max(set(counts), key=counts.count)


async def closed_loop(users: list, seconds: float, per_turn: int, result: Result) -> None:
    deadline = time.perf_counter() + seconds

    async def talk(user) -> None:  # noqa: ANN001
        while time.perf_counter() < deadline:
            await exchange(user, result, per_turn)

    await asyncio.gather(*(talk(user) for user in users))


async def open_loop(users: list, seconds: float, rate: float, per_turn: int, result: Result) -> None:
    started, tasks = time.perf_counter(), []
    for index in range(int(seconds * rate)):
        delay = started + index / rate - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(exchange(users[index % len(users)], result, per_turn)))
    await asyncio.gather(*tasks)


async def run_scenario(name: str, bot_args: list[str], loop: str, seconds: float, flood_limits: bool) -> Result:
    result = Result(name)
    async with EmulatorServer(TOKEN) as emulator:
        emulator.world.limits.enforce_rate = flood_limits
        count = 20 if loop == "closed" else 100
        users = [emulator.user(10_000 + n) for n in range(count)]
        child = await asyncio.create_subprocess_exec(
            sys.executable, __file__, "--base-url", emulator.root_url, *bot_args)
        try:
            per_turn = await warm_up(users)
            cpu_before, started = cpu_seconds(child.pid), time.perf_counter()
            if loop == "closed":
                await closed_loop(users, seconds, per_turn, result)
            else:
                await open_loop(users, seconds, 100.0, per_turn, result)
            result.elapsed = time.perf_counter() - started
            result.cpu_seconds = cpu_seconds(child.pid) - cpu_before
            result.peak_rss_mb = peak_rss_mb(child.pid)
        finally:
            child.send_signal(signal.SIGTERM)
            await child.wait()
        result.too_many = sum(1 for call in emulator.world.calls if call.status == 429)
    return result


def cpu_ms(result: Result) -> float:
    return 1000 * result.cpu_seconds / max(1, len(result.latencies))


def p50(result: Result) -> float:
    return median(result.latencies or [float("inf")])


def row(runs: list[Result], floors: list[Result]) -> str:
    """Best round's throughput and latency; ratio to the floor of the same round and CPU, as medians
    over rounds (a round's floor ran next to it, under the same load)."""
    best = min(runs, key=p50)
    lat = best.latencies or [0.0]
    ratio = median([p50(run) / p50(floor) for run, floor in zip(runs, floors, strict=True)])
    return (f"| {best.name} | {best.per_second:.1f} | {1000 * median(lat):.1f} | "
            f"{1000 * percentile(lat, 99):.1f} | {ratio:.2f}× | {median([cpu_ms(r) for r in runs]):.2f} | "
            f"{max(r.peak_rss_mb for r in runs):.0f} | {max(r.sent - len(r.latencies) for r in runs)} | "
            f"{max(r.too_many for r in runs)} |")


def scenarios(handler: str) -> list[tuple[str, str, list[str], bool]]:
    """(loop, name, bot process arguments, emulator flood limits on)."""
    ours = ["--serve", "ours", "--handler", handler]
    return [
        ("closed", "floor: PTB echo bot", ["--serve", "floor"], False),
        ("closed", "ours, limiter relaxed", [*ours, "--limits", "capacity"], False),
        ("closed", "ours, production limits", [*ours, "--limits", "production"], True),
        ("closed", "ours + real engine (memory store), relaxed",
         ["--serve", "ours", "--handler", "engine", "--limits", "capacity"], False),
        ("open", "floor: PTB echo bot", ["--serve", "floor"], False),
        ("open", "ours, limiter relaxed", [*ours, "--limits", "capacity"], False),
        ("open", "ours, production limits", [*ours, "--limits", "production"], True),
    ]


async def drive(args: argparse.Namespace) -> None:
    seconds, plan = args.seconds, scenarios(args.handler)
    # Shared, noisy machine: run every scenario `rounds` times, interleaved, and keep each one's
    # round with the lowest median latency (best of N).
    runs: dict[str, list[Result]] = {f"{loop}/{name}": [] for loop, name, _, _ in plan}
    for round_number in range(1, args.rounds + 1):
        for loop, name, bot_args, flood in plan:
            result = await run_scenario(name, bot_args, loop, seconds, flood)
            runs[f"{loop}/{name}"].append(result)
            print(f"round {round_number} {loop:6} {name}: {result.per_second:.1f}/s, p50 {1000 * p50(result):.1f} ms, "
                  f"CPU {cpu_ms(result):.2f} ms/update", flush=True)
    results = {loop: [runs[f"{lp}/{name}"] for lp, name, _, _ in plan if lp == loop] for loop in ("closed", "open")}
    write_section("telegram", "Telegram channel (emulator + PTB + handler)", report(results, seconds, args.handler, args.rounds),
                  "python bench/bench_telegram.py" + (f" --seconds {seconds:g}" if seconds != 10 else "")
                  + (f" --rounds {args.rounds}" if args.rounds != 2 else ""))


def report(results: dict[str, list[list[Result]]], seconds: float, handler: str, rounds: int) -> str:
    header = ("| scenario | updates/s | p50 ms | p99 ms | p50 / floor | bot CPU ms/update | bot peak RSS MB "
              "| unanswered | 429s |\n|---|---|---|---|---|---|---|---|---|")
    closed = "\n".join(row(runs, results["closed"][0]) for runs in results["closed"])
    opened = "\n".join(row(runs, results["open"][0]) for runs in results["open"])
    return f"""Latency is from a simulated user's send to the turn's last reply reaching the emulator (the real
engine answers a turn with two messages: a re-prompt and the menu). The bot runs in
its own process (CPU and peak RSS are its own); the emulator and users run in the driver process.
Handler: `{handler}`. {seconds:g} s per scenario after two warm-up turns per user. The machine is shared
and noisy, so every scenario ran {rounds} times, interleaved with its floor: updates/s, p50 and p99
are the best round's; "p50 / floor" (against the floor of the same round) and CPU are medians over
rounds. "unanswered" counts replies not received within {REPLY_TIMEOUT:g} s.

**Closed loop, 20 users** (each sends as soon as it has its reply):

{header}
{closed}

**Open loop, 100 updates/s over 100 users** (each user writes once a second):

{header}
{opened}

Reading: the relaxed rows are the adapter's own cost against the PTB floor. With production limits a
private chat gets about 1 message/s after a short burst and the whole bot about 30 messages/s
(Telegram's documented limits, kept on our side so that Telegram never has to answer 429): a closed
loop of 20 eager users is capped near 20 updates/s, and an open loop of 100 updates/s exceeds the
30/s overall budget, so replies queue (nothing is lost, latency grows with the run). Serving more than
about 30 replies/s needs Telegram's paid broadcast or several bots, not a faster adapter.
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--rounds", type=int, default=2, help="runs per scenario; the best is kept")
    parser.add_argument("--handler", default="echo", help="module:factory returning a ConversationHandler")
    parser.add_argument("--serve", choices=["floor", "ours"], help=argparse.SUPPRESS)
    parser.add_argument("--base-url", help=argparse.SUPPRESS)
    parser.add_argument("--limits", default="capacity", help=argparse.SUPPRESS)
    args = parser.parse_args()
    asyncio.run(serve(args) if args.serve else drive(args))


if __name__ == "__main__":
    main()
