"""The clocks: the system's is aware UTC; a manual one stands still until moved, from any
thread, and never backwards by `advance`."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta, timezone

import pytest

from app.clock import ManualClock, SystemClock
from app.web.deps import get_clock

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def test_the_server_reads_the_system_clock_in_utc() -> None:
    assert get_clock().tzinfo is UTC and SystemClock().now().tzinfo is UTC


def test_a_manual_clock_stands_still_until_moved() -> None:
    clock = ManualClock(START)
    assert clock.now() == clock.now() == START
    assert clock.advance(90) == START + timedelta(seconds=90) == clock.now()
    clock.set(START + timedelta(hours=1))
    assert clock.now() == START + timedelta(hours=1)


def test_a_manual_clock_keeps_utc_and_refuses_naive_times() -> None:
    oslo = timezone(timedelta(hours=1))
    assert ManualClock(datetime(2026, 3, 2, 10, 0, tzinfo=oslo)).now().tzinfo is UTC
    with pytest.raises(ValueError, match="naive"):
        ManualClock(datetime(2026, 3, 2, 9, 0))
    with pytest.raises(ValueError, match="forward"):
        ManualClock(START).advance(-1)


def test_moves_from_many_threads_add_up() -> None:
    clock, threads = ManualClock(START), 8
    barrier = threading.Barrier(threads, timeout=5)

    def move(_: int) -> None:
        barrier.wait()
        for _ in range(1000):
            clock.advance(1)

    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(move, range(threads), timeout=20))
    assert clock.now() == START + timedelta(seconds=threads * 1000)
