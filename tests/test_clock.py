"""The clocks: the system's is aware UTC; a manual one stands still until moved, from any
thread, and never backwards by `advance`; and nothing else in the app reads the time of day."""

from __future__ import annotations

import re
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

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


# Wall time read outside the clock: only rows' created_at, which nothing decides on.
TIME_OF_DAY = re.compile(r"datetime\.now\(|\.utcnow\(|date\.today\(|time\.time\(")
CREATED_AT_ONLY = {"app/store/models.py", "app/store/migrations/versions/0001_initial.py"}


def test_round_logic_reads_the_time_only_through_the_clock() -> None:
    root = Path(__file__).parents[1]
    readers = {
        str(path.relative_to(root))
        for path in (root / "app").rglob("*.py")
        if TIME_OF_DAY.search(path.read_text())
    }
    assert readers == {"app/clock.py", *CREATED_AT_ONLY}, "read the time through get_clock"
