"""A pool of pre-started worker processes with a kill-and-respawn watchdog.

`WorkerPool.submit` is blocking and thread-safe: each call borrows one idle worker, sends it the
job and waits for the time limit plus a small margin (`watchdog.py`). A worker that does not
answer in time, runs out of memory or dies (address-space limit) is killed and replaced, and
the caller gets a `SandboxError` saying which limit it hit.

A job still running after `SandboxLimits.runaway_after_s` gets the lowest CPU priority, so that
on a busy machine it takes only the CPU that quick jobs leave. An unprivileged process cannot
raise its priority back, so such a worker is retired after its answer and replaced off the
caller's path (a replacement starts in milliseconds).
"""

from __future__ import annotations

import logging
import pickle
import queue
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Generic, TypeVar

from app.sandbox.errors import AnswerTooLarge, OutOfMemory, SandboxError, WorkerDied
from app.sandbox.handler import JobHandler
from app.sandbox.limits import SandboxLimits
from app.sandbox.processes import (
    cpu_seconds,
    forkserver_context,
    lower_priority,
    main_module_hidden,
)
from app.sandbox.signals import OUT_OF_MEMORY, READY, TOO_LARGE
from app.sandbox.watchdog import wait_for_answer
from app.sandbox.worker import serve

log = logging.getLogger("drill.sandbox")
START_TIMEOUT_S = 30.0
JobT = TypeVar("JobT")
AnswerT = TypeVar("AnswerT")


@dataclass(eq=False)
class _Worker:
    process: BaseProcess
    conn: Connection
    niced: bool = False

    def stop(self) -> None:
        self.conn.close()
        self.process.kill()
        self.process.join()


class WorkerPool(Generic[JobT, AnswerT]):
    """Pre-started worker processes that answer `handler`'s jobs under `limits`."""

    def __init__(
        self,
        handler: JobHandler[JobT, AnswerT],
        *,
        size: int = 2,
        limits: SandboxLimits | None = None,
    ):
        self.handler = handler
        self.limits = limits or SandboxLimits()
        self.restarts = 0
        self.retired = 0  # workers replaced after a long job lowered their priority
        self._context = forkserver_context(handler.preload)
        # Last in, first out: the worker that just answered has its caches warm (CPU and
        # DuckDB's); handing out workers in turn cost an uncached 100-row run ~2 ms more CPU.
        self._idle: queue.LifoQueue[_Worker] = queue.LifoQueue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        self._replacer = ThreadPoolExecutor(size, thread_name_prefix="worker-replacement")
        for _ in range(size):
            self._idle.put(self._spawn())

    def submit(self, job: JobT) -> AnswerT:
        """Run `job` in a worker and return its answer; raise SandboxError at a limit."""
        worker = self._idle.get()
        try:
            payload = self._ask(worker, job)
        except SandboxError:
            self._replace_in_background(worker)
            raise
        if worker.niced:
            self._retire(worker)
        else:
            self._idle.put(worker)
        if payload == TOO_LARGE:
            raise AnswerTooLarge(self.limits.max_result_bytes)
        answer: AnswerT = pickle.loads(payload)
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

    def _ask(self, worker: _Worker, job: JobT) -> bytes:
        worker.conn.send_bytes(pickle.dumps(job))
        try:
            payload = wait_for_answer(
                worker.conn,
                self.limits,
                lambda: self._lower(worker),
                lambda: cpu_seconds(worker.process.pid),
            )
        except (EOFError, OSError):
            raise WorkerDied() from None
        if payload == OUT_OF_MEMORY:
            raise OutOfMemory()
        return payload

    @staticmethod
    def _lower(worker: _Worker) -> None:
        """A long job yields the CPU to quick ones (its worker is retired afterwards)."""
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
            target=serve, args=(theirs, self.handler, self.limits), daemon=True
        )
        with main_module_hidden():
            process.start()
        theirs.close()
        if not ours.poll(START_TIMEOUT_S) or ours.recv_bytes() != READY:
            raise RuntimeError("A worker failed to start.")
        worker = _Worker(process, ours)
        with self._lock:
            self._all.add(worker)
        return worker


def _log_failure(replacement: Future[None]) -> None:
    if (error := replacement.exception()) is not None:
        log.error("a worker could not be replaced", exc_info=error)
