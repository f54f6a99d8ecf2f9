"""The watchdog on clocks the test owns: one limit per query, and honest reasons for a kill."""

from __future__ import annotations

import pytest

from app.sandbox.errors import SandboxError
from app.sandbox.limits import SandboxLimits
from app.sandbox.signals import INTERRUPTED, JOB_STARTED
from app.sandbox.watchdog import wait_for_answer

LIMITS = SandboxLimits(timeout_s=5.0, runaway_after_s=0.25, watchdog_margin_s=0.05)
ANSWER = b"\x80answer"


class FakeWorker:
    """A worker's pipe whose messages arrive at set times on a fake clock; waiting advances it.
    The worker computes on `cores` of a core all along (None: its CPU time cannot be read)."""

    def __init__(self, *messages: tuple[float, bytes], cores: float | None = 1.0) -> None:
        self.now = 0.0
        self.messages = sorted(messages)
        self.lowered_at: list[float] = []
        self.cores = cores

    def clock(self) -> float:
        return self.now

    def cpu_time(self) -> float | None:
        return None if self.cores is None else self.now * self.cores

    def poll(self, timeout: float) -> bool:
        if self.messages and self.messages[0][0] <= self.now + timeout:
            self.now = max(self.now, self.messages[0][0])
            return True
        self.now += timeout
        return False

    def recv_bytes(self) -> bytes:
        return self.messages.pop(0)[1]

    def lower(self) -> None:
        self.lowered_at.append(self.now)


def _wait(worker: FakeWorker) -> bytes:
    return wait_for_answer(worker, LIMITS, worker.lower, worker.cpu_time, worker.clock)


def test_a_quick_answer_keeps_its_priority() -> None:
    worker = FakeWorker((0.0, JOB_STARTED), (0.01, ANSWER))
    assert _wait(worker) == ANSWER and worker.lowered_at == []


def test_a_long_query_is_lowered_once_at_the_runaway_threshold() -> None:
    worker = FakeWorker((0.0, JOB_STARTED), (3.0, ANSWER))
    assert _wait(worker) == ANSWER and worker.lowered_at == [0.25]


def test_a_job_past_the_threshold_is_lowered_though_its_answer_is_already_waiting() -> None:
    """What the pool does with the worker next (retire it) cannot depend on which came first."""
    limits = SandboxLimits(timeout_s=5.0, runaway_after_s=0.0, watchdog_margin_s=0.05)
    worker = FakeWorker((0.0, ANSWER))
    answer = wait_for_answer(worker, limits, worker.lower, worker.cpu_time, worker.clock)
    assert answer == ANSWER and worker.lowered_at == [0.0]


RUN_ACKNOWLEDGED = [(0.0, JOB_STARTED), (5.0, INTERRUPTED)]

# (messages from the worker, the share of a core it computes on, code, when the watchdog gives up)
KILLS = {
    "run, acknowledged, then computing on a whole core: it ignores the interrupt": (
        RUN_ACKNOWLEDGED,
        1.0,
        "resource_limit",
        5.05,
    ),
    "run, acknowledged, then computing on a quarter of a core (busy, lowered)": (
        RUN_ACKNOWLEDGED,
        0.25,
        "resource_limit",
        5.05,
    ),
    "run, acknowledged, then starved: no CPU to stop": (RUN_ACKNOWLEDGED, 0.0, "timeout", 5.05),
    "run, acknowledged, then a few ms of CPU, stopping": (
        RUN_ACKNOWLEDGED,
        0.05,
        "timeout",
        5.05,
    ),
    "run, acknowledged, its CPU time unreadable: no evidence it ignores the interrupt": (
        RUN_ACKNOWLEDGED,
        None,
        "timeout",
        5.05,
    ),
    "run, computing but not even the interrupt acknowledged": (
        [(0.0, JOB_STARTED)],
        1.0,
        "timeout",
        5.05,
    ),
    "submit, reference computed first: the candidate's query gets the same limit": (
        [(0.0, JOB_STARTED), (0.3, JOB_STARTED), (5.3, INTERRUPTED)],
        1.0,
        "resource_limit",
        5.35,
    ),
    "the reference's acknowledged interrupt does not mark the candidate's query": (
        [(0.0, JOB_STARTED), (5.0, INTERRUPTED), (5.01, JOB_STARTED)],
        1.0,
        "timeout",
        10.06,
    ),
}


@pytest.mark.parametrize(
    ("messages", "cores", "code", "gives_up_at"), KILLS.values(), ids=KILLS.keys()
)
def test_an_overdue_worker_gets_one_limit_and_an_honest_reason(
    messages: list[tuple[float, bytes]], cores: float | None, code: str, gives_up_at: float
) -> None:
    worker = FakeWorker(*messages, cores=cores)
    with pytest.raises(SandboxError) as error:
        _wait(worker)
    assert error.value.code == code
    assert worker.now == pytest.approx(gives_up_at)


def test_a_worker_that_never_starts_the_query_is_bounded_from_the_send() -> None:
    worker = FakeWorker()
    with pytest.raises(SandboxError):
        _wait(worker)
    assert worker.now == pytest.approx(LIMITS.timeout_s + LIMITS.watchdog_margin_s)
