"""A pool of pre-started query workers with a kill-and-respawn watchdog.

`WorkerPool.run` is blocking and thread-safe: each call borrows one idle worker, sends it the
query and waits for the time limit plus a small margin (`watchdog.py`). A worker that does not
answer in time, or dies (address-space limit), is killed and replaced, and the caller gets a
clear error.

A query still running after `Limits.runaway_after_s` gets the lowest CPU priority, so that on a
busy machine it takes only the CPU that quick queries leave. An unprivileged process cannot
raise its priority back, so such a worker is retired after its answer and replaced off the
caller's path (a replacement starts in milliseconds).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import pickle
import queue
import sys
import threading
import time
import types
from collections.abc import Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.context import ForkServerContext
from multiprocessing.process import BaseProcess
from pathlib import Path

from app.sqlengine.execution.connection import Limits
from app.sqlengine.errors import (
    QueryRuntimeError,
    QueryTimeoutError,
    ResourceLimitError,
    ResultTooLargeError,
    SqlError,
    UnknownDatasetError,
)
from app.sqlengine.grading.judging import GradeJob, Judgement
from app.sqlengine.execution.results import Failure, Job, QueryResult
from app.sandbox.watchdog import wait_for_answer
from app.sqlengine.execution.handler import serve

log = logging.getLogger("drill.sqlengine")
RUNAWAY_NICENESS = 19  # the lowest priority: it runs when nothing else wants the CPU
_START_LOCK = threading.Lock()
START_TIMEOUT_S = 30.0
FAILURES: dict[str, type[SqlError]] = {
    "runtime": QueryRuntimeError,
    "timeout": QueryTimeoutError,
    "resource": ResourceLimitError,
    "too_large": ResultTooLargeError,
}


@dataclass(eq=False)
class _Worker:
    process: BaseProcess
    conn: Connection
    niced: bool = False

    def stop(self) -> None:
        self.conn.close()
        self.process.kill()
        self.process.join()


class WorkerPool:
    """Pre-started worker processes that run queries against the datasets' DuckDB files."""

    def __init__(
        self, datasets: Mapping[str, Path], *, size: int = 2, limits: Limits | None = None
    ):
        self.datasets = dict(datasets)
        self.limits = limits or Limits()
        self.restarts = 0
        self.retired = 0  # workers replaced after a long query lowered their priority
        self._context = _forkserver_context()
        self._idle: queue.SimpleQueue[_Worker] = queue.SimpleQueue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        self._replacer = ThreadPoolExecutor(size, thread_name_prefix="worker-replacement")
        for _ in range(size):
            self._idle.put(self._spawn())

    def run(self, dataset: str, sql: str, *, max_rows: int | None = None) -> QueryResult:
        """Run `sql` (already validated and translated) on `dataset`; raise SqlError on failure."""
        answer = self._submit(Job(dataset, sql, max_rows or self.limits.max_rows))
        assert isinstance(answer, QueryResult)
        return answer

    def grade(self, job: GradeJob) -> Judgement:
        """Run a candidate's query and compare it with the reference inside a worker."""
        answer = self._submit(job)
        assert isinstance(answer, Judgement)
        return answer

    def _submit(self, job: Job | GradeJob) -> QueryResult | Judgement:
        if job.dataset not in self.datasets:
            raise UnknownDatasetError(f"There is no dataset {job.dataset!r}.")
        worker = self._idle.get()
        try:
            answer = self._ask(worker, job)
        except SqlError:
            self._replace_in_background(worker)
            raise
        if worker.niced:
            self._retire(worker)
        else:
            self._idle.put(worker)
        if isinstance(answer, Failure):
            raise FAILURES[answer.kind](answer.message)
        return answer

    def alive(self) -> bool:
        """Whether every worker process is running (a replacement may be starting)."""
        with self._lock:
            return bool(self._all) and all(w.process.is_alive() for w in self._all)

    def close(self) -> None:
        """Stop every worker, and wait for replacements being started (a process that exits
        while the fork server starts a worker leaves that worker's traceback on stderr)."""
        with self._lock:
            self._closed = True
        self._stop_all()
        self._replacer.shutdown(wait=True, cancel_futures=True)
        self._stop_all()  # replacements that started before the pool closed

    def _stop_all(self) -> None:
        with self._lock:
            workers, self._all = self._all, set()
        for worker in workers:
            worker.stop()

    def worker_pids(self) -> set[int]:
        with self._lock:
            return {w.process.pid for w in self._all if w.process.pid is not None}

    def _ask(self, worker: _Worker, job: Job | GradeJob) -> QueryResult | Judgement | Failure:
        worker.conn.send_bytes(pickle.dumps(job))
        try:
            payload = wait_for_answer(
                worker.conn,
                self.limits,
                lambda: self._lower(worker),
                lambda: cpu_seconds(worker.process.pid),
            )
        except (EOFError, OSError):
            raise ResourceLimitError(
                "The query used more memory than practice allows and was cancelled."
            ) from None
        answer: QueryResult | Judgement | Failure = pickle.loads(payload)
        return answer

    @staticmethod
    def _lower(worker: _Worker) -> None:
        """A long query yields the CPU to quick ones (its worker is retired afterwards)."""
        worker.niced = lower_priority(worker.process.pid)

    def _retire(self, worker: _Worker) -> None:
        """Replace a worker whose priority was lowered (it is idle and healthy)."""
        with self._lock:
            self._all.discard(worker)
            self.retired += 1
        self._replace_later(worker)

    def _replace_in_background(self, worker: _Worker) -> None:
        """Kill `worker` now; reap it and start its replacement off the caller's path."""
        worker.process.kill()
        with self._lock:
            self._all.discard(worker)
            self.restarts += 1
        self._replace_later(worker)

    def _replace_later(self, worker: _Worker) -> None:
        try:
            self._replacer.submit(self._replace, worker).add_done_callback(_log_failure)
        except RuntimeError:  # the pool is closed: no replacement
            worker.stop()

    def _replace(self, worker: _Worker) -> None:
        worker.stop()
        with self._lock:
            closed = self._closed
        if not closed:
            self._idle.put(self._spawn())

    def _spawn(self) -> _Worker:
        ours, theirs = self._context.Pipe()
        process = self._context.Process(
            target=serve, args=(theirs, self.datasets, self.limits), daemon=True
        )
        with _main_module_hidden():
            process.start()
        theirs.close()
        if not ours.poll(START_TIMEOUT_S) or ours.recv_bytes() != b"ready":
            raise RuntimeError("A query worker failed to start.")
        worker = _Worker(process, ours)
        with self._lock:
            self._all.add(worker)
        return worker


def _log_failure(replacement: Future[None]) -> None:
    if (error := replacement.exception()) is not None:
        log.error("a query worker could not be replaced", exc_info=error)


def lower_priority(pid: int | None) -> bool:
    """Give every thread of process `pid` the lowest CPU priority (Linux sets niceness per
    thread, so the process id alone would reach only its main thread)."""
    if pid is None:
        return False
    try:
        threads = [int(name) for name in os.listdir(f"/proc/{pid}/task")]
    except OSError:
        threads = [pid]
    lowered = False
    for thread in threads:
        try:
            os.setpriority(os.PRIO_PROCESS, thread, RUNAWAY_NICENESS)
            lowered = True
        except OSError:  # the thread ended meanwhile
            continue
    return lowered


def cpu_seconds(pid: int | None) -> float | None:
    """CPU time used so far by every thread of process `pid`, ended threads included; None once
    it is gone. Linux only: the kernel's CPU clock of another process, addressed the way glibc's
    clock_getcpuclockid does, is exact to the nanosecond (/proc/<pid>/stat counts 10 ms ticks)."""
    if pid is None:
        return None
    try:
        return time.clock_gettime(((~pid) << 3) | 2)  # 2: CPUCLOCK_SCHED, user plus system
    except OSError:
        return None


@contextmanager
def _main_module_hidden() -> Iterator[None]:
    """Start a worker without making it re-import the parent's main script.

    multiprocessing imports the parent's `__main__` in every new child (Python 3.11's forkserver
    does not honour "__main__" in its preload list), which costs the CLI's or server's whole
    import time on each respawn. Workers need nothing from it.
    """
    with _START_LOCK:
        main = sys.modules["__main__"]
        sys.modules["__main__"] = types.ModuleType("__main__")
        try:
            yield
        finally:
            sys.modules["__main__"] = main


def _forkserver_context() -> ForkServerContext:
    """Workers fork from a server that has DuckDB imported already: replacements start fast."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["app.sqlengine.execution.handler"])
    return context
