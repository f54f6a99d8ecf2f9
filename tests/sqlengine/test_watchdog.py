"""The watchdog on a clock the test owns: one limit per query, and honest reasons for a kill."""

from __future__ import annotations

import pytest

from app.sqlengine.connection import Limits
from app.sqlengine.errors import SqlError
from app.sqlengine.watchdog import INTERRUPTED, QUERY_STARTED, wait_for_answer

LIMITS = Limits(timeout_s=5.0, runaway_after_s=0.25, watchdog_margin_s=0.05)
ANSWER = b"\x80answer"


class FakeWorker:
    """A worker's pipe whose messages arrive at set times on a fake clock; waiting advances it."""

    def __init__(self, *messages: tuple[float, bytes]) -> None:
        self.now = 0.0
        self.messages = sorted(messages)
        self.lowered_at: list[float] = []

    def clock(self) -> float:
        return self.now

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
    return wait_for_answer(worker, LIMITS, worker.lower, worker.clock)


def test_a_quick_answer_keeps_its_priority() -> None:
    worker = FakeWorker((0.0, QUERY_STARTED), (0.01, ANSWER))
    assert _wait(worker) == ANSWER and worker.lowered_at == []


def test_a_long_query_is_lowered_once_at_the_runaway_threshold() -> None:
    worker = FakeWorker((0.0, QUERY_STARTED), (3.0, ANSWER))
    assert _wait(worker) == ANSWER and worker.lowered_at == [0.25]


# (messages from the worker, code, when the watchdog gives up)
KILLS = {
    "run, interrupt acknowledged, no answer": (
        [(0.0, QUERY_STARTED), (5.0, INTERRUPTED)],
        "sql_resource_limit",
        5.05,
    ),
    "run, starved: not even the interrupt": ([(0.0, QUERY_STARTED)], "sql_timeout", 5.05),
    "submit, reference computed first: the candidate's query gets the same limit": (
        [(0.0, QUERY_STARTED), (0.3, QUERY_STARTED), (5.3, INTERRUPTED)],
        "sql_resource_limit",
        5.35,
    ),
    "the reference's acknowledged interrupt does not mark the candidate's query": (
        [(0.0, QUERY_STARTED), (5.0, INTERRUPTED), (5.01, QUERY_STARTED)],
        "sql_timeout",
        10.06,
    ),
}


@pytest.mark.parametrize(("messages", "code", "gives_up_at"), KILLS.values(), ids=KILLS.keys())
def test_an_overdue_worker_gets_one_limit_and_an_honest_reason(
    messages: list[tuple[float, bytes]], code: str, gives_up_at: float
) -> None:
    worker = FakeWorker(*messages)
    with pytest.raises(SqlError) as error:
        _wait(worker)
    assert error.value.code == code
    assert worker.now == pytest.approx(gives_up_at)


def test_a_worker_that_never_starts_the_query_is_bounded_from_the_send() -> None:
    worker = FakeWorker()
    with pytest.raises(SqlError):
        _wait(worker)
    assert worker.now == pytest.approx(LIMITS.timeout_s + LIMITS.watchdog_margin_s)
