"""The worker pool's limits: runaway queries end with a clear error and others keep running."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from app.catalog.models import DatasetInfo
from app.sandbox.processes import RUNAWAY_NICENESS, cpu_seconds, lower_priority
from app.sqlengine.engine import Answer, SqlEngine
from app.sqlengine.errors import SqlError
from app.sqlengine.execution.connection import Limits
from app.sqlengine.execution.workers import QueryWorkers
from app.sqlengine.grading.compare import GradingPolicy

RUNAWAY = {
    "huge string": "SELECT length(repeat('x', 2000000000))",
    "huge list": "SELECT len(range(400000000))",
    "cross join": "SELECT count(*) FROM range(100000000) a, range(1000000) b",
}


@pytest.fixture
def pool(shop: DatasetInfo) -> Iterator[QueryWorkers]:
    pool = QueryWorkers({"shop": shop.path}, size=2, limits=Limits(timeout_s=0.5))
    yield pool
    pool.close()


@pytest.mark.parametrize("sql", RUNAWAY.values(), ids=RUNAWAY.keys())
def test_runaway_query_stops_with_a_clear_error(pool: QueryWorkers, sql: str) -> None:
    """When the watchdog gives up is proven on a fake clock (tests/sandbox/test_watchdog.py);
    here, that a real runaway ends with its error and the pool answers the next query."""
    with pytest.raises(SqlError) as error:
        pool.run("shop", sql)
    assert error.value.code in {"sql_timeout", "sql_resource_limit"}
    assert pool.run("shop", "SELECT count(*) FROM customers").rows == [(4,)]


def test_other_queries_keep_running_while_one_runs_away(shop: DatasetInfo) -> None:
    """The small queries get a limit ten thousand times their run time, so a busy machine
    cannot fail them; only a pool that lets the runaway stall them can."""
    pool = QueryWorkers({"shop": shop.path}, size=2, limits=Limits(timeout_s=5))
    try:
        _keep_running_beside(pool, RUNAWAY["huge string"])
    finally:
        pool.close()


def _keep_running_beside(pool: QueryWorkers, sql: str) -> None:
    runaway = threading.Thread(target=lambda: _swallow(pool, sql))
    runaway.start()
    answers = [pool.run("shop", "SELECT count(*) FROM orders").rows for _ in range(20)]
    runaway.join()
    assert answers == [[(4,)]] * 20


def test_killed_worker_is_replaced(pool: QueryWorkers) -> None:
    before = pool.restarts
    _swallow(pool, RUNAWAY["huge string"])
    assert pool.restarts == before + 1
    assert [pool.run("shop", "SELECT 1").rows for _ in range(4)] == [[(1,)]] * 4


def test_result_byte_cap(shop: DatasetInfo) -> None:
    small = QueryWorkers({"shop": shop.path}, size=1, limits=Limits(max_result_bytes=10_000))
    try:
        with pytest.raises(SqlError) as error:
            small.run("shop", "SELECT repeat('x', 1000) FROM range(100)")
        assert error.value.code == "sql_result_too_large"
    finally:
        small.close()


def _swallow(pool: QueryWorkers, sql: str) -> None:
    with contextlib.suppress(SqlError):
        pool.run("shop", sql)


def test_lower_priority_reaches_every_thread_of_a_process() -> None:
    script = (  # two threads that wait until the test kills the process
        "import sys, threading; threading.Thread(target=threading.Event().wait).start(); "
        "print('started', flush=True); sys.stdin.read()"
    )
    command = [sys.executable, "-c", script]
    with subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE) as child:
        try:
            assert child.stdout is not None
            assert child.stdout.readline() == b"started\n"  # Thread.start() returns once it runs
            threads = [int(t) for t in os.listdir(f"/proc/{child.pid}/task")]
            assert lower_priority(child.pid) and len(threads) == 2
            niceness = [os.getpriority(os.PRIO_PROCESS, t) for t in threads]
            assert niceness == [RUNAWAY_NICENESS] * 2
        finally:
            child.kill()


# Waits for "go" on stdin, spins until it has used SPIN_S of CPU, says so, then waits to be stopped
SPINNER = """
import sys, time
print("ready", flush=True)
sys.stdin.readline()
start = time.process_time()
while time.process_time() - start < {spin}:
    pass
print("spun", flush=True)
sys.stdin.readline()
"""
SPIN_S = 0.2


def test_cpu_seconds_counts_the_cpu_another_process_uses() -> None:
    spinner = [sys.executable, "-c", SPINNER.format(spin=SPIN_S)]
    with subprocess.Popen(spinner, stdin=subprocess.PIPE, stdout=subprocess.PIPE) as child:
        try:
            assert _cpu_used_spinning(child) >= SPIN_S
        finally:
            child.kill()
    assert cpu_seconds(child.pid) is None and cpu_seconds(None) is None  # reaped: gone


def _cpu_used_spinning(child: subprocess.Popen[bytes]) -> float:
    """The CPU time `child` used, by `cpu_seconds`, between "go" and its saying it spun."""
    assert child.stdin and child.stdout and child.stdout.readline() == b"ready\n"
    before = cpu_seconds(child.pid)
    child.stdin.write(b"go\n")
    child.stdin.flush()
    assert child.stdout.readline() == b"spun\n"
    after = cpu_seconds(child.pid)
    assert before is not None and after is not None
    return after - before


def test_a_worker_whose_query_ran_long_is_retired_and_replaced(shop: DatasetInfo) -> None:
    limits = Limits(timeout_s=5.0, runaway_after_s=0.0)  # every query counts as long
    with _pool(shop, limits) as pool:
        before = pool.worker_pids()
        assert pool.run("shop", "SELECT count(*) FROM customers").rows == [(4,)]
        assert pool.retired == 1 and pool.restarts == 0
        assert [pool.run("shop", "SELECT 1").rows for _ in range(3)] == [[(1,)]] * 3
        assert not before & pool.worker_pids()  # the first worker is gone


def test_a_quick_query_keeps_its_worker(shop: DatasetInfo) -> None:
    with _pool(shop, Limits(timeout_s=5.0, runaway_after_s=5.0)) as pool:
        before = pool.worker_pids()
        for _ in range(3):
            pool.run("shop", "SELECT count(*) FROM customers")
        assert pool.retired == 0 and pool.worker_pids() == before


@contextlib.contextmanager
def _pool(shop: DatasetInfo, limits: Limits) -> Iterator[QueryWorkers]:
    pool = QueryWorkers({"shop": shop.path}, size=1, limits=limits)
    try:
        yield pool
    finally:
        pool.close()


# ignores interrupt(); about 27 s of CPU here, against the test's 2.5 s deadline
UNINTERRUPTIBLE = "SELECT length(lpad('x', 2000000000, 'y'))"


@pytest.fixture
def limited_engine(shop: DatasetInfo) -> Iterator[SqlEngine]:
    """A 0.5 s limit. The margin leaves a worker lowered to nice 19 on a busy machine (about
    1.5% of a core beside one busy process) well over the 10 ms of CPU that prove it ignores its
    interrupt; the 2.5 s deadline is still an order of magnitude under what the lpad needs."""
    limits = Limits(timeout_s=0.5, watchdog_margin_s=2.0)
    with SqlEngine({"shop": shop}, workers=1, limits=limits) as engine:
        yield engine


def test_an_uninterruptible_run_is_a_resource_limit(limited_engine: SqlEngine) -> None:
    """Lowered in priority on the way, it still computed after acknowledging the interrupt:
    not a timeout."""
    with pytest.raises(SqlError) as error:
        limited_engine.run("shop", UNINTERRUPTIBLE)
    assert error.value.code == "sql_resource_limit"


def test_an_uninterruptible_submit_is_a_resource_limit(limited_engine: SqlEngine) -> None:
    with pytest.raises(SqlError) as error:
        limited_engine.judge(
            Answer("shop", UNINTERRUPTIBLE),
            Answer("shop", "SELECT 1"),
            policy=GradingPolicy(),
            reference_key="one",
            cache_dir=None,
        )
    assert error.value.code == "sql_resource_limit"


def test_closing_waits_for_a_replacement_being_started(shop: DatasetInfo) -> None:
    """A replacement that starts while the pool closes is stopped before close() returns
    (a process exiting meanwhile left the fork server's traceback on stderr)."""
    pool = QueryWorkers({"shop": shop.path}, size=2, limits=Limits(runaway_after_s=0.0))
    spawning, closing = threading.Event(), threading.Event()
    spawned: list[Any] = []
    replacement_spawn = pool._spawn

    def spawn_once_closing() -> Any:
        spawning.set()
        closing.wait()
        spawned.append(replacement_spawn())
        return spawned[-1]

    pool._spawn = spawn_once_closing  # type: ignore[method-assign]
    pool.run("shop", "SELECT 1")  # counts as long: its worker is retired and replaced
    assert spawning.wait(timeout=60)
    (idle,) = pool._all
    idle.stop = _then(idle.stop, closing.set)  # type: ignore[method-assign]
    pool.close()
    assert len(spawned) == 1 and not spawned[0].process.is_alive()


def _then(first: Callable[[], None], second: Callable[[], None]) -> Callable[[], None]:
    def both() -> None:
        first()
        second()

    return both
