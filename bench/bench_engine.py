"""Engine cost per event: lock, de-duplication, load, trigger, render, save.

Run: .venv/bin/python bench/bench_engine.py [--events N] [--postgres]
Each event is a menu round trip typed as an SMS user would ("6" opens the language choice, "1"
picks French and returns to the menu), so every event parses, fires a transition and renders a
prompt with buttons. Floors in the same run: a bare `transitions` trigger on a machine built once,
add_model/trigger/remove_model, and building a Machine per update (what the engine avoids).
Targets: median <= 1 ms per event with SQLite, <= 0.3 ms with the in-memory store.
"""

import argparse
import asyncio
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from transitions import Machine  # noqa: E402

from bench._report import median, percentile, write_section  # noqa: E402
from conversations.engine import Engine  # noqa: E402
from conversations.flows import registry  # noqa: E402
from conversations.memory_store import MemoryConversationStore  # noqa: E402
from conversations.messages import Inbound  # noqa: E402
from domain.clock import fixed_clock  # noqa: E402
from storage.database import Database  # noqa: E402

NOW = datetime(2026, 11, 21, 10, 0, tzinfo=UTC)


class Model:
    state = "s0"


def flow_sized_kwargs(states: int = 12) -> dict:
    """A machine the size of a real flow (registration, payment): 12 states, 3 events each."""
    names = [f"s{n}" for n in range(states)]
    transitions = [{"trigger": f"done_{n}", "source": names[n], "dest": names[(n + 1) % states]} for n in range(states)]
    transitions += [{"trigger": f"back_{n}", "source": names[n], "dest": names[n - 1]} for n in range(states)]
    transitions += [{"trigger": "restart", "source": "*", "dest": "s0"}]
    return dict(states=names, transitions=transitions, initial="s0", auto_transitions=False)


def sync_timings(action, count: int) -> list[float]:
    out = []
    for _ in range(count):
        started = time.perf_counter_ns()
        action()
        out.append((time.perf_counter_ns() - started) / 1e6)
    return out


def floors(count: int) -> dict[str, list[float]]:
    kwargs = flow_sized_kwargs()
    shared = Machine(model=None, **kwargs)
    event = shared.events["done_0"]

    def bare() -> None:
        model = Model()
        event.trigger(model)

    def add_remove() -> None:
        model = Model()
        shared.add_model(model, initial="s0")
        model.trigger("done_0")
        shared.remove_model(model)

    def build_each_time() -> None:
        model = Model()
        Machine(model=model, **kwargs)
        model.trigger("done_0")

    return {"floor: bare transitions trigger (machine built once)": sync_timings(bare, count),
            "add_model + trigger + remove_model": sync_timings(add_remove, count),
            "building a Machine per update (avoided)": sync_timings(build_each_time, max(200, count // 10))}


async def engine_timings(store, count: int, key: str) -> list[float]:
    engine = Engine(store, registry(), clock=fixed_clock(NOW), secret_key=b"bench" * 8)
    await engine.handle(Inbound(key=key, at=NOW, text="/start", message_id="start"))
    out = []
    for number in range(count + 50):
        inbound = Inbound(key=key, at=NOW, text="6" if number % 2 == 0 else "1", message_id=f"b{number}")
        started = time.perf_counter_ns()
        replies = await engine.handle(inbound)
        elapsed = (time.perf_counter_ns() - started) / 1e6
        assert replies and "problème" not in replies[0].text, replies
        if number >= 50:  # warm-up: imports, prepared statements, connection pool
            out.append(elapsed)
    return out


async def measure(events: int, postgres_url: str | None) -> dict[str, list[float]]:
    results = floors(events)
    results["engine, in-memory store"] = await engine_timings(MemoryConversationStore(), events, "bench:mem")
    with tempfile.TemporaryDirectory() as folder:
        async with Database.open(f"sqlite+aiosqlite:///{folder}/bench.sqlite3") as db:
            await db.migrate()
            results["engine, SQLite store"] = await engine_timings(db.conversations, events, "bench:sqlite")
    if postgres_url:
        async with Database.open(postgres_url) as db:
            await db.migrate()
            key = f"bench:pg:{time.time_ns()}"
            results["engine, PostgreSQL store (advisory lock)"] = await engine_timings(db.conversations, events, key)
    return results


def table(results: dict[str, list[float]]) -> str:
    floor = median(next(iter(results.values())))
    rows = ["| case | median ms | p99 ms | × floor |", "|---|---:|---:|---:|"]
    for name, values in results.items():
        rows.append(f"| {name} | {median(values):.3f} | {percentile(values, 99):.3f} | "
                    f"{median(values) / floor:.0f} |")
    return "\n".join(rows)


def verdict(results: dict[str, list[float]]) -> str:
    memory, sqlite = median(results["engine, in-memory store"]), median(results["engine, SQLite store"])
    return (f"Targets: median ≤ 0.3 ms without storage: {'met' if memory <= 0.3 else 'NOT met'} "
            f"({memory:.3f} ms); ≤ 1 ms with SQLite: {'met' if sqlite <= 1 else 'NOT met'} ({sqlite:.3f} ms).")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=2000)
    parser.add_argument("--postgres", metavar="URL", nargs="?", const="postgresql://postgres@127.0.0.1:5432/postgres")
    args = parser.parse_args()
    results = asyncio.run(measure(args.events, args.postgres))
    command = "python bench/bench_engine.py" + (" --postgres" if args.postgres else "")
    body = (f"{table(results)}\n\n{args.events} events per engine case after 50 warm-ups; each event is a "
            "typed menu choice that fires a transition and renders buttons (lock, de-duplication, load, "
            f"save included).\n\n{verdict(results)}")
    write_section("engine", "Conversation engine (per event)", body, command)


if __name__ == "__main__":
    main()
