"""The server's clock, set by a test: the project's ManualClock, moved to a number of seconds
after its start, swapped in for `get_clock` for as long as the test needs it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

from fastapi import FastAPI
from fastapi.testclient import TestClient

from app.clock import ManualClock
from app.web.deps import get_clock


class OffsetClock(ManualClock):
    """A ManualClock a test sets by seconds after its start (back as well as forward)."""

    def __init__(self, start: datetime) -> None:
        super().__init__(start)
        self.start = start

    def at(self, seconds: float) -> None:
        self.set(self.start + timedelta(seconds=seconds))


@contextmanager
def server_clock(client: TestClient, start: datetime) -> Iterator[OffsetClock]:
    clock = OffsetClock(start)
    app: FastAPI = client.app  # type: ignore[assignment]
    app.dependency_overrides[get_clock] = clock.now
    try:
        yield clock
    finally:
        app.dependency_overrides.pop(get_clock, None)
