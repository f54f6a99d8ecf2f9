"""Fair under abuse: 16 normal clients' quick queries beside 0, 1, 4 and 8 abusive clients
whose queries run to the time limit, against one `drill serve` with its default settings.

Every client has an address of its own on the loopback network (127.0.1.N for normal clients,
127.0.2.N for abusive ones): the server tells clients apart by address. A normal client sends
the uncached run query of bench_server.py (a new no-op literal each time) in a closed loop. An
abusive client keeps STREAMS_PER_ABUSER requests going at once (one more than its share, so
some get 429), each the noisy neighbour's triple cross join with a literal of its own (never
cached), stopped by the 5 s limit; after a 429 that stream waits the Retry-After it was given.
Abusers start LEAD_S before the normal clients are measured: long enough for each abuser's
first query to run to the limit (until then nothing marks it as heavy). The levels take turns
in ROUNDS rounds. Run with `make bench-fairness`; paste the printed table into RESULTS.md.
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
import tempfile
import time
from collections import Counter
from collections.abc import AsyncIterator
from itertools import count
from pathlib import Path

import httpx

from bench.bench_server import (
    CLIENT_TIMEOUT_S,
    NOISY_SQL,
    QUERY_WORKERS,
    Level,
    Target,
    drill_server,
    free_port,
    target,
    timed,
)

NORMAL_CLIENTS = 16
ABUSERS = (0, 1, 4, 8)
STREAMS_PER_ABUSER = 3  # the default share is 2 running or waiting
TIMEOUT_S = 5.0  # the default DRILL_QUERY_TIMEOUT_S
LEAD_S = TIMEOUT_S + 1.0
REQUESTS = 240  # measured normal requests per level and round
ROUNDS = 2
ROUND_CAP_S = 20.0
ABUSIVE_TIMEOUT_S = 120.0  # an abusive request may wait behind the others' long queries


def address(group: int, n: int) -> str:
    return f"127.0.{group}.{n + 1}"


def client_at(base_url: str, local_address: str, timeout: float) -> httpx.AsyncClient:
    transport = httpx.AsyncHTTPTransport(local_address=local_address)
    return httpx.AsyncClient(base_url=base_url, transport=transport, timeout=timeout)


async def normal_round(run: Target, level: Level) -> None:
    """NORMAL_CLIENTS closed loops, REQUESTS requests in all, each from its own address."""
    tickets = iter(range(REQUESTS))
    deadline = time.perf_counter() + ROUND_CAP_S

    async def loop(n: int) -> None:
        async with client_at(run.base_url, address(1, n), CLIENT_TIMEOUT_S) as client:
            for _ in tickets:
                if time.perf_counter() > deadline:
                    return
                await timed(client, run, level)

    started = time.perf_counter()
    await asyncio.gather(*(loop(n) for n in range(NORMAL_CLIENTS)))
    level.seconds += time.perf_counter() - started


@contextlib.asynccontextmanager
async def abuse(base_url: str, abusers: int, codes: Counter[str]) -> AsyncIterator[None]:
    """`abusers` clients, STREAMS_PER_ABUSER streams each, until the block ends (and their
    requests in flight have come back)."""
    done, serial = asyncio.Event(), count()
    streams = [
        asyncio.create_task(abusive_stream(base_url, address(2, n), done, serial, codes))
        for n in range(abusers)
        for _ in range(STREAMS_PER_ABUSER)
    ]
    if streams:
        await asyncio.sleep(LEAD_S)
    try:
        yield
    finally:
        done.set()
        await asyncio.gather(*streams)


async def abusive_stream(
    base_url: str, local_address: str, done: asyncio.Event, serial: count[int], codes: Counter[str]
) -> None:
    async with client_at(base_url, local_address, ABUSIVE_TIMEOUT_S) as client:
        while not done.is_set():
            sql = f"{NOISY_SQL} WHERE c.order_id <> -{next(serial)}"
            body = {"dataset": "shop", "sql": sql, "dialect": "postgres"}
            response = await client.post("/api/sql/run", json=body)
            codes[response.json().get("code", f"HTTP {response.status_code}")] += 1
            if response.status_code == 429:
                with contextlib.suppress(TimeoutError):
                    retry_after = float(response.headers["retry-after"])
                    await asyncio.wait_for(done.wait(), retry_after)


async def measure(run: Target) -> tuple[dict[int, Level], dict[int, Counter[str]]]:
    levels = {k: Level(f"{k} abusive clients", NORMAL_CLIENTS) for k in ABUSERS}
    codes: dict[int, Counter[str]] = {k: Counter() for k in ABUSERS}
    async with client_at(run.base_url, address(1, 0), CLIENT_TIMEOUT_S) as warm:
        await timed(warm, run, Level("", 0))
    for _ in range(ROUNDS):
        for abusers in ABUSERS:
            async with abuse(run.base_url, abusers, codes[abusers]):
                await normal_round(run, levels[abusers])
            print(f"measured beside {abusers} abusive clients", file=sys.stderr)
    return levels, codes


def report(levels: dict[int, Level], codes: dict[int, Counter[str]]) -> None:
    alone = levels[0]
    print(
        "| abusive clients | normal answers | normal failures | normal p50 ms | normal p95 ms "
        "| p95 / alone | abusive requests: sql_timeout / too_many_queries / other |"
    )
    print("|---|---|---|---|---|---|---|")
    for abusers, level in levels.items():
        seen = codes[abusers]
        other = sum(seen.values()) - seen["sql_timeout"] - seen["too_many_queries"]
        print(
            f"| {abusers} | {len(level.latencies_ms)} | {sum(level.failures.values())} "
            f"| {level.pct(50):.1f} | {level.pct(95):.1f} | {level.pct(95) / alone.pct(95):.2f}x "
            f"| {seen['sql_timeout']} / {seen['too_many_queries']} / {other} |"
        )
    for abusers, seen in codes.items():
        others = {c: n for c, n in seen.items() if c not in ("sql_timeout", "too_many_queries")}
        if others:
            print(f"\nOther answers to the abusive clients beside {abusers}: {others}.")


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="bench-fairness-") as tmp_name:
        port = free_port()
        with drill_server(Path(tmp_name), port, QUERY_WORKERS, DRILL_QUERIES_PER_CLIENT="2") as pid:
            run = target(f"http://127.0.0.1:{port}", pid, "run", cached=False)
            levels, codes = asyncio.run(measure(run))
    print(
        f"drill defaults ({QUERY_WORKERS} query workers, {TIMEOUT_S:g} s limit, 2 queries per "
        f"client); {NORMAL_CLIENTS} normal clients, {STREAMS_PER_ABUSER} streams per abusive "
        f"client, {ROUNDS} rounds of {REQUESTS} normal requests per level\n"
    )
    report(levels, codes)


if __name__ == "__main__":
    main()
