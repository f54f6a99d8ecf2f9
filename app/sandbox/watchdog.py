"""How long the pool waits for a worker's answer, and what it says when the answer is late.

One limit for every job: the watchdog's clock starts when the job is sent, and again each time
the job says its timed part starts (`Signals.started`). A SQL grade that must first compute its
reference (once per question and dataset version; it is kept on disk after) says so when the
candidate's query starts: the reference runs under its own budget and the candidate's query
gets exactly the time it gets on run.

The handler's own timer interrupts the job at the limit and tells the pool it did. An
interruptible job then stops within a few milliseconds of CPU, so at the deadline (the limit
plus a margin) the worker's CPU time since its acknowledgement tells the two kinds of late
worker apart. One that kept computing (`IGNORES_INTERRUPT_CPU_S` or more) runs something that
ignores its interrupt (a SQL expression that never checks `interrupt()`): a resource limit. One
that used less had no CPU to stop (a busy machine, a lowered priority), and one that did not
even acknowledge had none to notice its limit: it simply ran too long, a timeout. Either way the
worker is killed at the deadline: no job holds a worker longer than the limit plus the margin.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from app.sandbox.errors import IgnoredInterrupt, JobTimeout, SandboxError
from app.sandbox.limits import SandboxLimits
from app.sandbox.signals import JOB_STARTED, PROGRESS

# Interrupted, a query stops within 1-3 ms of CPU (a cross join, measured); a worker that keeps
# computing uses 10 ms in a fifth of the 50 ms margin, or in all of it on a quarter of a core
IGNORES_INTERRUPT_CPU_S = 0.010

Clock = Callable[[], float]
CpuTime = Callable[[], float | None]  # the worker's CPU seconds so far; None if unreadable


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
    cpu_at_ack: float | None = None  # the worker's CPU time when it said it interrupted


def wait_for_answer(
    channel: Channel,
    limits: SandboxLimits,
    lower_priority: Callable[[], None],
    cpu_time: CpuTime,
    clock: Clock = time.monotonic,
) -> bytes:
    """The worker's answer; raise the error for a worker that missed its deadline (it is
    killed next). `lower_priority` is called once the job has run `runaway_after_s`;
    `cpu_time` reads the worker's CPU time, at its acknowledgement and at the deadline."""
    started = clock()
    watch = Watch(deadline_after(limits, started), started + limits.runaway_after_s)
    while True:
        # Lowered before the next poll, so a job past `runaway_after_s` is lowered whether or
        # not its answer is already waiting (what the pool does next depends on it, not on luck)
        if not watch.lowered and clock() >= watch.lower_at:
            lower_priority()
            watch.lowered = True
        wake = watch.deadline if watch.lowered else min(watch.deadline, watch.lower_at)
        if channel.poll(max(0.0, wake - clock())):
            message = channel.recv_bytes()
            if message not in PROGRESS:
                return message
            _note(watch, message, limits, clock(), cpu_time)
        elif clock() >= watch.deadline:
            raise overdue(limits, ignored_interrupt=_ignored_interrupt(watch, cpu_time()))


def deadline_after(limits: SandboxLimits, started: float) -> float:
    """When the watchdog gives up on a job started at `started`: the one limit, plus a
    margin for the worker's interrupt to take effect."""
    return started + limits.timeout_s + limits.watchdog_margin_s


def _note(
    watch: Watch, message: bytes, limits: SandboxLimits, now: float, cpu_time: CpuTime
) -> None:
    if message == JOB_STARTED:  # e.g. the reference is done: the candidate's query starts now
        watch.deadline, watch.cpu_at_ack = deadline_after(limits, now), None
    else:
        watch.cpu_at_ack = cpu_time()


def _ignored_interrupt(watch: Watch, cpu_now: float | None) -> bool:
    """Whether the worker kept computing after it acknowledged its interrupt (unknown, when its
    CPU time could not be read, counts as no: a resource limit is said only on evidence)."""
    if watch.cpu_at_ack is None or cpu_now is None:
        return False
    return cpu_now - watch.cpu_at_ack >= IGNORES_INTERRUPT_CPU_S


def overdue(limits: SandboxLimits, *, ignored_interrupt: bool) -> SandboxError:
    """The error for a worker that did not answer by the deadline."""
    if ignored_interrupt:
        return IgnoredInterrupt(limits.timeout_s)
    return JobTimeout(limits.timeout_s)
