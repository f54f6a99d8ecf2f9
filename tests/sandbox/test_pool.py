"""The pool with a handler that is not SQL: answers, and each limit a hostile job can hit.

Every hostile job overshoots its limit by orders of magnitude (it spins forever against a 0.2 s
limit, allocates 100 times the address space), so that what is checked is the order of events
(error, replacement, next answer), never a duration.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator

import pytest

from app.sandbox.errors import (
    AnswerTooLarge,
    IgnoredInterrupt,
    JobTimeout,
    OutOfMemory,
    SandboxError,
    WorkerDied,
)
from app.sandbox.limits import SandboxLimits
from app.sandbox.pool import WorkerPool
from tests.sandbox.toy import Allocate, Arithmetic, Die, Job, Pid, Spin, ToyHandler

# Never lowered (a lowered spinner could be starved of the CPU that proves it ignores its
# interrupt); a second of margin leaves it hundreds of times the 10 ms that proof needs
LIMITS = SandboxLimits(
    timeout_s=0.2,
    watchdog_margin_s=1.0,
    runaway_after_s=60.0,
    address_space_mb=512,  # room for a thread's stack beside DuckDB, which the fork server may hold
    max_result_bytes=1000,
)
HOSTILE: dict[str, tuple[Job, type[SandboxError]]] = {
    "spins without noticing its limit": (Spin(acknowledge=False), JobTimeout),
    "spins on after its interrupt": (Spin(acknowledge=True), IgnoredInterrupt),
    "allocates 100 times the address space": (Allocate(100 * LIMITS.address_space_mb), OutOfMemory),
    "is killed": (Die(), WorkerDied),
}
ToyPool = WorkerPool[Job, object]


@pytest.fixture
def pool() -> Iterator[ToyPool]:
    pool: ToyPool = WorkerPool(ToyHandler(LIMITS.timeout_s), size=1, limits=LIMITS)
    yield pool
    pool.close()


def test_a_job_is_answered_by_its_handler(pool: ToyPool) -> None:
    assert pool.submit(Arithmetic("6 * 7")) == 42
    assert pool.submit(Arithmetic("(2 + 3) * 4 // 3 - 10")) == -4


@pytest.mark.parametrize(("job", "error"), HOSTILE.values(), ids=HOSTILE.keys())
def test_a_hostile_job_gets_its_error_and_a_fresh_worker(
    pool: ToyPool, job: Job, error: type[SandboxError]
) -> None:
    before = pool.submit(Pid())
    with pytest.raises(error):
        pool.submit(job)
    assert pool.restarts == 1
    assert pool.submit(Arithmetic("6 * 7")) == 42
    assert pool.submit(Pid()) != before


def test_a_worker_runs_under_the_address_space_limit(pool: ToyPool) -> None:
    pid = pool.submit(Pid())
    assert isinstance(pid, int)
    with open(f"/proc/{pid}/limits") as limits:
        (line,) = [line for line in limits if line.startswith("Max address space")]
    assert line.split()[3:5] == [str(LIMITS.address_space_mb * 1024 * 1024)] * 2


def test_an_answer_over_the_size_cap_is_refused_and_its_worker_kept(pool: ToyPool) -> None:
    before = pool.submit(Pid())
    with pytest.raises(AnswerTooLarge):
        pool.submit(Arithmetic(f"{'9' * 2000} * {'9' * 2000}"))  # a 4,000-digit answer
    assert pool.submit(Pid()) == before and pool.restarts == 0


def test_a_worker_whose_job_ran_long_is_retired_after_answering() -> None:
    limits = SandboxLimits(timeout_s=5.0, runaway_after_s=0.0)  # every job counts as long
    pool: ToyPool = WorkerPool(ToyHandler(limits.timeout_s), size=1, limits=limits)
    try:
        first = pool.submit(Pid())
        assert pool.retired == 1 and pool.restarts == 0
        assert pool.submit(Pid()) != first
    finally:
        pool.close()


PROBE = (
    "import json, sys; import app.sandbox.admission, app.sandbox.pool; "
    "print(json.dumps(sorted(sys.modules)))"
)


def test_the_sandbox_knows_nothing_of_sql() -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, check=True, timeout=60
    )
    loaded = json.loads(done.stdout)
    assert "app.sandbox.pool" in loaded
    assert [m for m in loaded if m.startswith(("app.sqlengine", "duckdb", "sqlglot"))] == []


def test_the_worker_that_answered_last_takes_the_next_job() -> None:
    """Jobs one after another keep one worker busy (its caches warm), not all in turn."""
    pool: ToyPool = WorkerPool(ToyHandler(LIMITS.timeout_s), size=3, limits=LIMITS)
    try:
        assert len({pool.submit(Pid()) for _ in range(6)}) == 1
    finally:
        pool.close()
