"""Server benchmarks: /api/sql/run and /api/sql/submit under load, Datasette as a peer, and a
noisy neighbour that keeps hitting the time limit.

Each drill endpoint is measured twice: repeating one text (answered from the result cache after
the warm-up; every counted answer must say `"cached": true`) and with a different no-op literal
in every request (every answer must say `"cached": false`: validated, translated and run anew).

Run with `make bench-server` (datasets must be built). Everything listens on 127.0.0.1 and every
load level is bounded in requests and in time. Datasette runs from its own virtualenv under
`var/bench/` (pinned in bench/datasette-requirements.txt, installed on the first run) over the
shop tables exported to SQLite. The targets of a level are measured in alternating rounds, so a
machine that speeds up or slows down during the run affects them alike. The load generator
shares the machine with the servers: the CPU both use per answer is reported. Paste the printed
tables into RESULTS.md.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import decimal
import os
import re
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from itertools import count
from pathlib import Path
from typing import Any

import duckdb
import httpx

from app.settings import Settings
from app.sqlengine.execution.connection import Limits, open_hardened

ROOT = Path(__file__).resolve().parent.parent
SHOP_DUCKDB = ROOT / "var" / "datasets" / "shop.duckdb"
DATASETTE_VENV = ROOT / "var" / "bench" / "datasette-venv"
DATASETTE_REQUIREMENTS = ROOT / "bench" / "datasette-requirements.txt"
SUBMIT_QUESTION = "shop-monthly-revenue-year-to-date"
CLIENTS = (1, 16, 64)
REQUESTS = 400  # measured requests per target and level, after one warm-up request per client
ROUNDS = 4  # the targets of a level take turns, REQUESTS / ROUNDS requests at a time
ROUND_CAP_S = 15.0  # no request starts after this; the client timeout bounds those in flight
CLIENT_TIMEOUT_S = 30.0
QUERY_WORKERS: int = Settings.model_fields["query_workers"].default  # the default
NOISY_WORKERS = (QUERY_WORKERS, 2)  # the default, and the old default for comparison
NOISY_TIMEOUT_S = 1.0  # DRILL_QUERY_TIMEOUT_S of the noisy-neighbour servers
NOISY_CLIENTS = 16
NOISY_LEAD_S = 0.5  # the noisy query holds a worker before a noisy round starts
RAW_REPEAT = 50

# Per-customer running total and rank over the 4,770 order lines of 2024 Q1; 100 rows out.
# The text is valid SQLite too: timestamps are exported as ISO text, which compares in order.
RUN_SQL = """
WITH totals AS (
    SELECT o.customer_id, o.order_id, o.ordered_at, sum(i.quantity * i.unit_price) AS total
    FROM orders AS o JOIN order_items AS i ON i.order_id = o.order_id
    WHERE o.status <> 'cancelled' AND o.ordered_at >= '2024-01-01' AND o.ordered_at < '2024-04-01'
    GROUP BY o.customer_id, o.order_id, o.ordered_at
)
SELECT customer_id, order_id, ordered_at, total,
       sum(total) OVER (PARTITION BY customer_id ORDER BY ordered_at, order_id) AS running_total,
       rank() OVER (PARTITION BY customer_id ORDER BY total DESC) AS size_rank
FROM totals
ORDER BY customer_id, ordered_at, order_id
LIMIT 100
"""
RUN_ROWS = 100
# Both queries filter on it; a request's own literal goes next to it and changes no row.
NO_OP_ANCHOR = "o.status <> 'cancelled'"
# Interruptible but endless (3 * 10^13 combinations): stopped by the time limit every time.
NOISY_SQL = (
    "SELECT sum(a.quantity * b.quantity * c.customer_id) "
    "FROM order_items AS a CROSS JOIN order_items AS b CROSS JOIN orders AS c"
)
SQLITE_TYPES = {"INTEGER": "INTEGER", "BIGINT": "INTEGER", "BOOLEAN": "INTEGER", "DOUBLE": "REAL"}
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")

Send = Callable[[httpx.AsyncClient], Awaitable[httpx.Response]]
Check = Callable[[httpx.Response], bool]


@dataclass(frozen=True)
class Target:
    """An endpoint to load: how to send one request, how to tell a good answer, and the
    process group of the server (for its CPU time)."""

    name: str
    base_url: str
    server: int
    send: Send
    check: Check


@dataclass
class Level:
    """One target at one level: good answers' latencies, failures by kind, wall and CPU time."""

    target: str
    clients: int
    latencies_ms: list[float] = field(default_factory=list)
    failures: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0
    server_cpu_s: float = 0.0
    client_cpu_s: float = 0.0

    def pct(self, p: int) -> float:
        return statistics.quantiles(self.latencies_ms, n=100, method="inclusive")[p - 1]

    @property
    def rps(self) -> float:
        """Good answers per second."""
        return len(self.latencies_ms) / self.seconds

    def row(self) -> str:
        answers = len(self.latencies_ms)
        server_ms, client_ms = (1000 * s / answers for s in (self.server_cpu_s, self.client_cpu_s))
        return (
            f"| {self.target} | {self.clients} | {answers} | {sum(self.failures.values())} "
            f"| {self.rps:.1f} | {self.pct(50):.1f} | {self.pct(95):.1f} | {self.pct(99):.1f} "
            f"| {server_ms:.1f} / {client_ms:.1f} |"
        )


# --- processes -------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextlib.contextmanager
def serving(command: list[str], env: dict[str, str], ready_url: str, log: Path) -> Iterator[int]:
    """Start a server in a process group of its own, wait until `ready_url` answers 200, yield
    the group's id; stop the server whatever happens."""
    with log.open("wb") as out:
        process = subprocess.Popen(
            command, env={**os.environ, **env}, stdout=out, stderr=out, start_new_session=True
        )
    try:
        wait_ready(process, ready_url, log)
        yield process.pid
    finally:
        stop(process)


def wait_ready(process: subprocess.Popen[bytes], url: str, log: Path, limit_s: float = 90) -> None:
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"{url}: exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(url, timeout=2).status_code == 200:
                return
        time.sleep(0.2)
    sys.exit(f"{url}: not ready after {limit_s:.0f} s:\n{log.read_text()[-3000:]}")


def stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM for a clean shutdown, then SIGKILL whatever is left of its process group."""
    process.terminate()
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=15)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def group_cpu_s(group: int) -> float:
    """CPU seconds (user + system) used so far by the live processes of a process group and
    by the children they reaped (replaced workers, which the fork server reaps)."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[2]) == group:  # fields after the name: state, ppid, pgrp, ...
                total += sum(int(f) for f in fields[11:15])  # utime stime cutime cstime
    return total / CLOCK_TICKS


def drill_server(
    tmp: Path, port: int, workers: int, **env: str
) -> contextlib.AbstractContextManager[int]:
    """`drill serve` with its state in `tmp`, quiet logs and `workers` query workers."""
    env["DRILL_DATABASE_URL"] = f"sqlite:///{tmp / f'state-{port}.sqlite3'}"
    # the load generator's clients share one address: the per-client share would refuse them
    env.setdefault("DRILL_QUERIES_PER_CLIENT", "0")
    env |= {"DRILL_LOG_LEVEL": "warning", "DRILL_QUERY_WORKERS": str(workers)}
    command = [str(ROOT / ".venv" / "bin" / "drill"), "serve", "--port", str(port)]
    url = f"http://127.0.0.1:{port}/readyz"
    return serving(command, env, url, tmp / f"drill-{port}.log")


def datasette_server(db: Path, port: int) -> contextlib.AbstractContextManager[int]:
    """`datasette serve` of the SQLite file, immutable (read-only, like the DuckDB files)."""
    command = [str(DATASETTE_VENV / "bin" / "datasette"), "serve", "-i", str(db)]
    command += ["--host", "127.0.0.1", "--port", str(port)]
    command += ["--setting", "sql_time_limit_ms", "5000"]
    command += ["--setting", "max_returned_rows", "10000"]
    url = f"http://127.0.0.1:{port}/-/databases.json"
    return serving(command, {}, url, db.parent / "datasette.log")


def ensure_datasette() -> str:
    """Install the pinned Datasette into its own virtualenv once; return its version."""
    datasette = DATASETTE_VENV / "bin" / "datasette"
    if not datasette.exists():
        subprocess.run([sys.executable, "-m", "venv", str(DATASETTE_VENV)], check=True)
        pip = [str(DATASETTE_VENV / "bin" / "pip"), "install", "--quiet"]
        subprocess.run([*pip, "-r", str(DATASETTE_REQUIREMENTS)], check=True)
    version = subprocess.run([str(datasette), "--version"], capture_output=True, check=True)
    return version.stdout.decode().split()[-1]


# --- the same data in SQLite -----------------------------------------------------------------


def export_sqlite(source: Path, target: Path) -> int:
    """Copy every table with its primary key, checking row counts; return the rows copied."""
    rows = 0
    with duckdb.connect(str(source), read_only=True) as duck, sqlite3.connect(target) as lite:
        for (table,) in duck.execute("SELECT table_name FROM duckdb_tables()").fetchall():
            columns = duck.execute(f"DESCRIBE {table}").fetchall()
            lite.execute(create_table(table, columns))
            data = [tuple(map(sqlite_value, r)) for r in duck.execute(f"FROM {table}").fetchall()]
            lite.executemany(f"INSERT INTO {table} VALUES ({','.join('?' * len(columns))})", data)
            count = lite.execute(f"SELECT count(*) FROM {table}").fetchone()
            assert count == (len(data),), f"{table}: {count} rows in SQLite, {len(data)} in DuckDB"
            rows += len(data)
    return rows


def create_table(table: str, columns: list[tuple[Any, ...]]) -> str:
    """DESCRIBE rows (name, type, null, key, ...) as a SQLite CREATE TABLE."""
    defs = ", ".join(f"{name} {sqlite_type(kind)}" for name, kind, *_ in columns)
    key = ", ".join(name for name, _, _, k, *_ in columns if k == "PRI")
    return f"CREATE TABLE {table} ({defs}, PRIMARY KEY ({key}))"


def sqlite_type(duck_type: str) -> str:
    return "REAL" if duck_type.startswith("DECIMAL") else SQLITE_TYPES.get(duck_type, "TEXT")


def sqlite_value(value: object) -> object:
    """Decimals become floats; dates and timestamps ISO text, as the drill API returns them."""
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def comparable(rows: list[list[Any]]) -> list[tuple[Any, ...]]:
    """Numbers with a fraction (decimal text or float) rounded to the cent."""
    number = re.compile(r"-?\d+\.\d+")
    return [
        tuple(round(float(v), 2) if number.fullmatch(str(v)) else v for v in row) for row in rows
    ]


def same_rows(drill_url: str, datasette_url: str) -> None:
    """The run query, as is and with a no-op literal, returns the same 100 rows from both."""
    peer = httpx.get(f"{datasette_url}/shop.json", params={"sql": RUN_SQL, "_shape": "array"})
    peer_rows = [list(row.values()) for row in peer.json()]
    assert len(peer_rows) == RUN_ROWS, len(peer_rows)
    for sql in (RUN_SQL, varied(RUN_SQL, 0)):
        ours = httpx.post(f"{drill_url}/api/sql/run", json={"dataset": "shop", "sql": sql})
        assert comparable(ours.json()["rows"]) == comparable(peer_rows), "the servers disagree"


def varied(sql: str, n: int) -> str:
    """`sql` with a literal of its own that filters out nothing (order ids are positive)."""
    assert NO_OP_ANCHOR in sql
    return sql.replace(NO_OP_ANCHOR, f"{NO_OP_ANCHOR} AND o.order_id <> -{n}")


def raw_ms(sqlite_db: Path) -> tuple[float, float]:
    """Median in-process time of the run query: hardened 1-thread DuckDB, and SQLite."""
    duck = open_hardened(SHOP_DUCKDB, Limits())
    lite = sqlite3.connect(f"file:{sqlite_db}?immutable=1", uri=True)
    duck_ms, lite_ms = [], []
    for _ in range(RAW_REPEAT):  # interleaved, run by run
        duck_ms.append(elapsed_ms(lambda: duck.cursor().execute(RUN_SQL).fetchall()))
        lite_ms.append(elapsed_ms(lambda: lite.execute(RUN_SQL).fetchall()))
    duck.close()
    lite.close()
    return statistics.median(duck_ms), statistics.median(lite_ms)


def elapsed_ms(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return (time.perf_counter() - started) * 1000


# --- load ------------------------------------------------------------------------------------


def drill_targets(base_url: str, server: int) -> list[Target]:
    """Run and submit, each as one repeated text (cached) and as a new text every time."""
    return [
        target(base_url, server, kind, cached)
        for kind in ("run", "submit")
        for cached in (True, False)
    ]


def target(base_url: str, server: int, kind: str, cached: bool) -> Target:
    serial = count()
    text = RUN_SQL if kind == "run" else solution(SUBMIT_QUESTION)

    def body() -> dict[str, str]:
        sql = text if cached else varied(text, next(serial))
        if kind == "run":
            return {"dataset": "shop", "sql": sql, "dialect": "postgres"}
        return {"question_id": SUBMIT_QUESTION, "sql": sql}

    def good(r: httpx.Response) -> bool:
        if r.status_code != 200 or r.json()["cached"] is not cached:
            return False
        return (
            len(r.json()["rows"]) == RUN_ROWS if kind == "run" else r.json()["status"] == "correct"
        )

    name = f"drill {kind}, {'cached' if cached else 'uncached'}"
    return Target(name, base_url, server, lambda c: c.post(f"/api/sql/{kind}", json=body()), good)


def datasette_target(base_url: str, server: int) -> Target:
    params = {"sql": RUN_SQL, "_shape": "array"}
    return Target(
        "Datasette run",
        base_url,
        server,
        lambda c: c.get("/shop.json", params=params),
        lambda r: r.status_code == 200 and len(r.json()) == RUN_ROWS,
    )


def solution(question_id: str) -> str:
    """The reference solution of a question of the bank (a correct answer)."""
    path = ROOT / "question_bank" / "sql" / f"{question_id}.toml"
    sql: str = tomllib.loads(path.read_text())["solution"]["sql"]
    return sql


def http_client(target: Target, clients: int) -> httpx.AsyncClient:
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    return httpx.AsyncClient(base_url=target.base_url, limits=limits, timeout=CLIENT_TIMEOUT_S)


async def measure(targets: list[Target], clients: int) -> list[Level]:
    """Every target at `clients` concurrent clients, one warm-up request per client, then
    ROUNDS alternating rounds of REQUESTS / ROUNDS requests each."""
    levels = [Level(target.name, clients) for target in targets]
    async with contextlib.AsyncExitStack() as stack:
        pools = [await stack.enter_async_context(http_client(t, clients)) for t in targets]
        for pool, target in zip(pools, targets, strict=True):
            await asyncio.gather(*(timed(pool, target, Level("", 0)) for _ in range(clients)))
        for _ in range(ROUNDS):
            for pool, target, level in zip(pools, targets, levels, strict=True):
                await round_of(pool, target, level)
    return levels


async def round_of(client: httpx.AsyncClient, target: Target, level: Level) -> None:
    """REQUESTS / ROUNDS requests from `level.clients` loops; wall and CPU time added up."""
    tickets = iter(range(REQUESTS // ROUNDS))
    cpu, server_cpu = time.process_time(), group_cpu_s(target.server)
    started = time.perf_counter()
    deadline = started + ROUND_CAP_S
    loops = (client_loop(client, target, tickets, deadline, level) for _ in range(level.clients))
    await asyncio.gather(*loops)
    level.seconds += time.perf_counter() - started
    level.client_cpu_s += time.process_time() - cpu
    level.server_cpu_s += group_cpu_s(target.server) - server_cpu


async def client_loop(
    client: httpx.AsyncClient, target: Target, tickets: Iterator[int], deadline: float, level: Level
) -> None:
    for _ in tickets:
        if time.perf_counter() > deadline:
            return
        await timed(client, target, level)


async def timed(client: httpx.AsyncClient, target: Target, level: Level) -> None:
    """Send one request; file its latency if the answer is good, else the kind of failure."""
    started = time.perf_counter()
    try:
        response = await target.send(client)
    except httpx.TransportError as error:
        level.failures[type(error).__name__] += 1
        return
    if target.check(response):
        level.latencies_ms.append((time.perf_counter() - started) * 1000)
    else:
        code = response.json().get("code", "") if response.status_code != 200 else ""
        level.failures[f"HTTP {response.status_code} {code}".strip()] += 1


async def load_all(targets: list[Target]) -> list[Level]:
    levels = []
    for clients in CLIENTS:
        levels += await measure(targets, clients)
        for level in levels[-len(targets) :]:  # progress, not part of the report
            print(f"measured {level.target} at {clients} clients", file=sys.stderr)
    return levels


# --- noisy neighbour -------------------------------------------------------------------------


async def noisy_neighbour(target: Target, workers: int) -> tuple[Level, Level, int]:
    """NOISY_CLIENTS clients' runs, in rounds alternately alone and beside one client that
    keeps sending NOISY_SQL; returns both levels and how many noisy queries timed out."""
    quiet = Level(f"drill run, uncached, {workers} workers, alone", NOISY_CLIENTS)
    noisy = Level(f"drill run, uncached, {workers} workers, noisy neighbour", NOISY_CLIENTS)
    timeouts: Counter[str] = Counter()
    async with http_client(target, NOISY_CLIENTS) as client:
        await asyncio.gather(*(timed(client, target, Level("", 0)) for _ in range(NOISY_CLIENTS)))
        for _ in range(ROUNDS):
            await round_of(client, target, quiet)
            async with noise(target.base_url, timeouts):
                await round_of(client, target, noisy)
    return quiet, noisy, timeouts["sql_timeout"]


@contextlib.asynccontextmanager
async def noise(base_url: str, codes: Counter[str]) -> AsyncIterator[None]:
    """One client sending NOISY_SQL again and again until the block ends."""
    done = asyncio.Event()
    task = asyncio.create_task(keep_timing_out(base_url, done, codes))
    await asyncio.sleep(NOISY_LEAD_S)
    try:
        yield
    finally:
        done.set()
        await task


async def keep_timing_out(base_url: str, done: asyncio.Event, codes: Counter[str]) -> None:
    body = {"dataset": "shop", "sql": NOISY_SQL, "dialect": "postgres"}
    async with httpx.AsyncClient(base_url=base_url, timeout=CLIENT_TIMEOUT_S) as client:
        while not done.is_set():
            response = await client.post("/api/sql/run", json=body)
            assert response.json().get("code") == "sql_timeout", response.text
            codes["sql_timeout"] += 1


def noisy_runs(tmp: Path) -> list[tuple[Level, Level, int]]:
    results = []
    for workers in NOISY_WORKERS:
        port = free_port()
        limit = {"DRILL_QUERY_TIMEOUT_S": str(NOISY_TIMEOUT_S)}
        with drill_server(tmp, port, workers, **limit) as server:
            run = target(f"http://127.0.0.1:{port}", server, "run", cached=False)
            results.append(asyncio.run(noisy_neighbour(run, workers)))
    return results


# --- report ----------------------------------------------------------------------------------


def print_load(levels: list[Level]) -> None:
    print(
        "| target | clients | good answers | failures | answers/s | p50 ms | p95 ms | p99 ms "
        "| CPU ms per answer: server / load generator |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for level in levels:
        print(level.row())
    for level in levels:
        if level.failures:
            kinds = ", ".join(f"{n} {kind}" for kind, n in level.failures.most_common())
            print(f"\nFailures of {level.target} at {level.clients} clients: {kinds}.")


def print_goals(levels: list[Level], noisy: list[tuple[Level, Level, int]]) -> None:
    by = {(level.target, level.clients): level for level in levels}
    for clients in CLIENTS:
        peer = by["Datasette run", clients].rps
        for name in (t.target for t in levels if t.clients == clients and "drill" in t.target):
            goal = 1.5 if "run" in name else 1.0
            ratio = by[name, clients].rps / peer
            print(f"| {name} / Datasette run, {clients} clients | {ratio:.2f}x | >= {goal:g}x |")
    for quiet, loud, timeouts in noisy:
        workers = quiet.target.split(", ")[2]
        print(
            f"| p95 of {NOISY_CLIENTS} clients' uncached runs, {workers}: alone -> "
            f"beside a query hitting the {NOISY_TIMEOUT_S:g} s limit ({timeouts} timeouts) "
            f"| {quiet.pct(95):.0f} -> {loud.pct(95):.0f} ms "
            f"({loud.pct(95) / quiet.pct(95):.2f}x) | < 2x |"
        )


def main() -> None:
    version = ensure_datasette()
    with tempfile.TemporaryDirectory(prefix="bench-server-") as tmp_name:
        tmp, ports = Path(tmp_name), (free_port(), free_port())
        exported = export_sqlite(SHOP_DUCKDB, tmp / "shop.db")
        duck_ms, lite_ms = raw_ms(tmp / "shop.db")
        drill_url, peer_url = (f"http://127.0.0.1:{port}" for port in ports)
        with (
            drill_server(tmp, ports[0], QUERY_WORKERS) as drill,
            datasette_server(tmp / "shop.db", ports[1]) as peer,
        ):
            same_rows(drill_url, peer_url)
            targets = [*drill_targets(drill_url, drill), datasette_target(peer_url, peer)]
            levels = asyncio.run(load_all(targets))
        noisy = noisy_runs(tmp)
    print(
        f"drill defaults ({QUERY_WORKERS} query workers, result cache on); Datasette {version}; "
        f"{exported} rows exported\n"
    )
    print_load(levels + [level for quiet, loud, _ in noisy for level in (quiet, loud)])
    print("\n| measure | result | goal |\n|---|---|---|")
    print(
        f"| run query in process, median of {RAW_REPEAT} | DuckDB (1 thread, hardened) "
        f"{duck_ms:.1f} ms, SQLite {lite_ms:.1f} ms | |"
    )
    print_goals(levels, noisy)


if __name__ == "__main__":
    main()
