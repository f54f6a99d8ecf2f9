"""How long the pool waits for a worker's answer, and what it says when the answer is late.

One limit for every query, on run and on submit alike: the watchdog's clock starts with the
query. A grade that must first compute its reference (once per question and dataset version;
it is kept on disk after) tells the pool when the candidate's query starts, and the clock starts
again: the reference runs under its own budget and the candidate's query gets exactly the time
it gets on run.

The worker's own timer interrupts DuckDB at the limit and tells the pool it did. An
interruptible query then stops within milliseconds, so at the deadline (the limit plus a margin)
a worker that acknowledged the interrupt but has not answered runs an expression that ignores
`interrupt()`: a resource limit. A worker that did not even acknowledge had no CPU to notice its
limit (a busy machine, a lowered priority): its query simply ran too long, a timeout.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from app.sqlengine.connection import Limits
from app.sqlengine.errors import QueryTimeoutError, ResourceLimitError, SqlError

# Messages a worker sends before its answer (an answer is a pickle: it never equals these)
QUERY_STARTED = b"\x00query started"
INTERRUPTED = b"\x00interrupted"

Clock = Callable[[], float]


class Channel(Protocol):
    """The pool's end of a worker's pipe, as far as waiting goes."""

    def poll(self, timeout: float) -> bool: ...

    def recv_bytes(self) -> bytes: ...


@dataclass
class Watch:
    """One job's deadlines by the watchdog's clock."""

    deadline: float
    lower_at: float
    lowered: bool = False
    acknowledged: bool = False  # the worker said it interrupted its query at the limit


def wait_for_answer(
    channel: Channel,
    limits: Limits,
    lower_priority: Callable[[], None],
    clock: Clock = time.monotonic,
) -> bytes:
    """The worker's answer; raise the error for a worker that missed its deadline (it is
    killed next). `lower_priority` is called once the query has run `runaway_after_s`."""
    started = clock()
    watch = Watch(deadline_after(limits, started), started + limits.runaway_after_s)
    while True:
        wake = watch.deadline if watch.lowered else min(watch.deadline, watch.lower_at)
        if channel.poll(max(0.0, wake - clock())):
            message = channel.recv_bytes()
            if message not in (QUERY_STARTED, INTERRUPTED):
                return message
            _note(watch, message, limits, clock())
        elif (now := clock()) >= watch.deadline:
            raise overdue(limits, acknowledged=watch.acknowledged)
        elif now >= watch.lower_at and not watch.lowered:
            lower_priority()
            watch.lowered = True


def deadline_after(limits: Limits, started: float) -> float:
    """When the watchdog gives up on a query started at `started`: the one limit, plus a
    margin for the worker's interrupt to take effect."""
    return started + limits.timeout_s + limits.watchdog_margin_s


def _note(watch: Watch, message: bytes, limits: Limits, now: float) -> None:
    if message == QUERY_STARTED:  # the reference is done: the candidate's query starts now
        watch.deadline, watch.acknowledged = deadline_after(limits, now), False
    else:
        watch.acknowledged = True


def overdue(limits: Limits, *, acknowledged: bool) -> SqlError:
    """The error for a worker that did not answer by the deadline."""
    limit = limits.timeout_s
    if not acknowledged:
        return QueryTimeoutError(f"The query ran longer than {limit:g} s and was stopped.")
    return ResourceLimitError(
        f"The query did not stop at the {limit:g} s limit (some expressions, like huge strings "
        "or lists, cannot be interrupted) and was cancelled. Work on less data at once."
    )
