"""What an uncached answer costs the server beyond the query itself, drill beside Datasette.

    python bench/bench_overhead.py [--old TREE] [--requests 240] [--clients 1 16]

For each uncached `/api/sql/run` and `/api/sql/submit` (a new no-op literal in every request,
as in bench_server.py) and each Datasette run of the same query: the server's CPU per answer
(its whole process group, query workers included, from /proc) minus the query's own engine
time, measured in this process in the same run: DuckDB (hardened, 1 thread, fetched as a
worker fetches) on the translated text, SQLite on Datasette's text. drill's CPU is also split
into the server process and its workers. With `--old TREE`, a second drill server runs the
code of TREE (another checkout sharing the built datasets) and takes turns with this tree's
round by round, so before and after are measured side by side. Everything is on 127.0.0.1 and
bounded in requests. `make bench-overhead` runs it for this tree alone.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from itertools import count
from pathlib import Path
from typing import Any

import httpx

from app.catalog.build import load_all
from app.settings import Settings
from app.sqlengine.engine import dataset_schema
from app.sqlengine.execution.connection import Limits, open_hardened
from app.sqlengine.translate.to_duckdb import translate
from app.sqlengine.translate.validate import validate_sql
from bench import bench_server as server

ROOT = server.ROOT
ROUNDS = 4
ENGINE_QUERIES = 15  # of each engine, per round
MAX_ROWS = Limits().max_rows
SHOP = functools.cache(lambda: load_all(Settings().built_datasets_dir)["shop"])


@dataclass
class Cost:
    """CPU seconds of one target's answers: the server process and everything else in its group."""

    name: str
    clients: int
    answers: int = 0
    main_s: float = 0.0
    group_s: float = 0.0
    elapsed_ms: list[float] = field(default_factory=list)  # what drill's workers report

    def per_answer_ms(self) -> tuple[float, float]:
        """(server group, server process alone) CPU ms per answer."""
        return 1000 * self.group_s / self.answers, 1000 * self.main_s / self.answers


def process_cpu_s(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = sum(int(f) for f in fields[11:15])  # utime stime cutime cstime
    return float(ticks / server.CLOCK_TICKS)


def drill_at(tree: Path, tmp: Path, port: int) -> contextlib.AbstractContextManager[int]:
    """`drill serve` running `tree`'s code (first on the import path), as bench_server starts it."""
    env = {
        "PYTHONPATH": str(tree),
        "DRILL_DATABASE_URL": f"sqlite:///{tmp / f'state-{port}.sqlite3'}",
        "DRILL_QUERIES_PER_CLIENT": "0",
        "DRILL_LOG_LEVEL": "warning",
    }
    command = [sys.executable, "-m", "app.cli", "serve", "--port", str(port)]
    url = f"http://127.0.0.1:{port}/readyz"
    return serving_in(tree, command, env, url, tmp / f"drill-{port}.log")


@contextlib.contextmanager
def serving_in(
    cwd: Path, command: list[str], env: dict[str, str], url: str, log: Path
) -> Iterator[int]:
    here = Path.cwd()
    os.chdir(cwd)  # Popen inherits it; Settings' paths follow the tree's own files anyway
    try:
        with server.serving(command, env, url, log) as group:
            os.chdir(here)
            yield group
    finally:
        os.chdir(here)


def drill_send(kind: str) -> Callable[[httpx.Client, int], httpx.Response]:
    text = server.RUN_SQL if kind == "run" else server.solution(server.SUBMIT_QUESTION)

    def send(client: httpx.Client, n: int) -> httpx.Response:
        sql = server.varied(text, n)
        if kind == "run":
            body = {"dataset": "shop", "sql": sql, "dialect": "postgres"}
        else:
            body = {"question_id": server.SUBMIT_QUESTION, "sql": sql}
        return client.post(f"/api/sql/{kind}", json=body)

    return send


def datasette_send(client: httpx.Client, _: int) -> httpx.Response:
    return client.get("/shop.json", params={"sql": server.RUN_SQL, "_shape": "array"})


@dataclass(frozen=True)
class Target:
    name: str
    url: str
    group: int
    send: Callable[[httpx.Client, int], httpx.Response]


def good(target: Target, response: httpx.Response) -> bool:
    """A 200 with the 100 rows (run), a correct verdict (submit), never from the cache."""
    document: Any = response.json()
    if response.status_code != 200:
        return False
    if "Datasette" in target.name:
        return len(document) == server.RUN_ROWS
    if "run" in target.name:
        return document["cached"] is False and len(document["rows"]) == server.RUN_ROWS
    return document["cached"] is False and document["status"] == "correct"


def load_round(target: Target, cost: Cost, requests: int, serial: Iterator[int]) -> None:
    """`requests` answers from `cost.clients` concurrent clients, CPU counted around them."""
    per_client = [requests // cost.clients] * cost.clients
    main, group = process_cpu_s(target.group), server.group_cpu_s(target.group)
    with contextlib.ExitStack() as stack:
        clients = [stack.enter_context(httpx.Client(base_url=target.url)) for _ in per_client]
        with ThreadPoolExecutor(cost.clients) as pool:
            runs = [
                pool.submit(client_loop, target, c, n, serial)
                for c, n in zip(clients, per_client, strict=True)
            ]
            elapsed = [ms for run in runs for ms in run.result()]
    cost.main_s += process_cpu_s(target.group) - main
    cost.group_s += server.group_cpu_s(target.group) - group
    cost.answers += sum(per_client)
    cost.elapsed_ms += elapsed


def client_loop(target: Target, client: httpx.Client, n: int, serial: Iterator[int]) -> list[float]:
    """n requests in a row; the DuckDB time drill's answers report (run only)."""
    reported = []
    for _ in range(n):
        response = target.send(client, next(serial))
        assert good(target, response), f"{target.name}: {response.status_code} {response.text}"
        if "run" in target.name and "Datasette" not in target.name:
            reported.append(response.json()["elapsed_ms"])
    return reported


class Engines:
    """The queries run in this process, between the servers' turns: DuckDB (hardened, 1
    thread, fetched as a worker fetches) on the translated run and submit texts with a new
    literal each time, as the servers get them; SQLite on Datasette's one text. CPU time, as
    the servers' figures are."""

    def __init__(self, sqlite_db: Path) -> None:
        self.duck = open_hardened(server.SHOP_DUCKDB, Limits())
        self.lite = sqlite3.connect(f"file:{sqlite_db}?immutable=1", uri=True)
        self.cpu_ms: dict[str, list[float]] = {"run": [], "submit": [], "sqlite": []}

    def turn(self, queries: int, serial: Iterator[int]) -> None:
        for _ in range(queries):
            for kind, sql in translated(next(serial)).items():
                self._time(kind, lambda: self.duck.cursor().execute(sql).fetchmany(MAX_ROWS + 1))  # noqa: B023
            self._time("sqlite", lambda: self.lite.execute(server.RUN_SQL).fetchall())

    def _time(self, kind: str, action: Callable[[], object]) -> None:
        started = time.process_time()
        action()
        self.cpu_ms[kind].append((time.process_time() - started) * 1000)

    def medians(self) -> dict[str, float]:
        return {kind: statistics.median(ms) for kind, ms in self.cpu_ms.items()}

    def close(self) -> None:
        self.duck.close()
        self.lite.close()


def translated(n: int) -> dict[str, str]:
    """The DuckDB text of the run query and of the submitted answer, with literal `n`."""
    info = SHOP()
    schema, tables = dataset_schema(info), info.query_names()
    texts = {"run": server.RUN_SQL, "submit": server.solution(server.SUBMIT_QUESTION)}
    queries = {kind: server.varied(text, n) for kind, text in texts.items()}
    return {
        kind: translate(validate_sql(sql, dialect="postgres", tables=tables), schema, sql).sql
        for kind, sql in queries.items()
    }


def measure(
    targets: list[Target], engines: Engines, clients: tuple[int, ...], requests: int
) -> list[Cost]:
    """Every target at each level of clients, in ROUNDS rounds in which the targets and the
    in-process engines take turns (one warm-up request per client first)."""
    serial, costs = count(), []
    for level in clients:
        level_costs = [Cost(t.name, level) for t in targets]
        for target in targets:
            load_round(target, Cost("", level), level, serial)  # warm-up, not counted
        for _ in range(ROUNDS):
            for target, cost in zip(targets, level_costs, strict=True):
                load_round(target, cost, requests // ROUNDS, serial)
            engines.turn(ENGINE_QUERIES, serial)
        costs += level_costs
        print(f"measured {len(targets)} targets at {level} clients", file=sys.stderr)
    return costs


def report(costs: list[Cost], engine: dict[str, float]) -> None:
    print(
        "| target | clients | answers | server CPU ms per answer | of it: server process "
        "/ workers | engine's own time, in process | overhead (CPU - engine) | overhead / "
        "Datasette's |"
    )
    print("|---|---|---|---|---|---|---|---|")
    peer = {c.clients: overhead(c, engine) for c in costs if "Datasette" in c.name}
    for cost in costs:
        group_ms, main_ms = cost.per_answer_ms()
        extra = overhead(cost, engine)
        print(
            f"| {cost.name} | {cost.clients} | {cost.answers} | {group_ms:.1f} | {main_ms:.1f} "
            f"/ {group_ms - main_ms:.1f} | {engine[engine_kind(cost.name)]:.1f} | {extra:.1f} "
            f"| {extra / peer[cost.clients]:.2f}x |"
        )


def engine_kind(name: str) -> str:
    return "sqlite" if "Datasette" in name else "submit" if "submit" in name else "run"


def overhead(cost: Cost, engine: dict[str, float]) -> float:
    return cost.per_answer_ms()[0] - engine[engine_kind(cost.name)]


def reported(costs: list[Cost]) -> None:
    """drill's own DuckDB time as its workers report it (wall time, so contention shows)."""
    for cost in costs:
        if cost.elapsed_ms:
            median = statistics.median(cost.elapsed_ms)
            print(f"- {cost.name}, {cost.clients} clients: workers report DuckDB {median:.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--old", type=Path, help="another tree to measure beside this one")
    parser.add_argument("--requests", type=int, default=240, help="per target and level")
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 16])
    args = parser.parse_args()
    version = server.ensure_datasette()
    trees = [("this tree", ROOT)] + ([("old tree", args.old.resolve())] if args.old else [])
    with tempfile.TemporaryDirectory(prefix="bench-overhead-") as tmp_name:
        tmp = Path(tmp_name)
        server.export_sqlite(server.SHOP_DUCKDB, tmp / "shop.db")
        engines = Engines(tmp / "shop.db")
        with contextlib.ExitStack() as stack:
            targets = started(stack, trees, tmp)
            costs = measure(targets, engines, tuple(args.clients), args.requests)
        engines.close()
    median = engines.medians()
    print(
        f"Datasette {version}; {args.requests} answers per target and level; engine CPU per "
        f"query, median of {len(engines.cpu_ms['run'])}: DuckDB run {median['run']:.1f} ms, "
        f"DuckDB submit {median['submit']:.1f} ms, SQLite {median['sqlite']:.1f} ms\n"
    )
    report(costs, median)
    print()
    reported(costs)


def started(stack: contextlib.ExitStack, trees: list[tuple[str, Path]], tmp: Path) -> list[Target]:
    """A drill server per tree (run and submit targets each), then Datasette."""
    targets = []
    for label, tree in trees:
        port = server.free_port()
        group = stack.enter_context(drill_at(tree, tmp, port))
        for kind in ("run", "submit"):
            name = f"drill {kind}, uncached ({label})"
            targets.append(Target(name, f"http://127.0.0.1:{port}", group, drill_send(kind)))
    port = server.free_port()
    peer = stack.enter_context(server.datasette_server(tmp / "shop.db", port))
    return [*targets, Target("Datasette run", f"http://127.0.0.1:{port}", peer, datasette_send)]


if __name__ == "__main__":
    main()
