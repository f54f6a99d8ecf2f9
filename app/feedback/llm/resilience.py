"""Retries and a circuit breaker for model requests, on a clock and a sleep the caller gives
(a test gives its own, so no test waits for real time).

Written here rather than taken from a library: the SDK's own retries sleep on the wall clock,
and both pieces are a few lines over `Clock`."""

from __future__ import annotations

import random
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import Literal

from app.clock import Clock

BreakerState = Literal["closed", "open", "half-open"]


@dataclass(frozen=True)
class Backoff:
    """Exponential backoff with full jitter; a server's Retry-After wins when it gives one."""

    retries: int
    base_s: float = 1.0
    cap_s: float = 20.0
    longest_wait_s: float = 30.0  # a server asking for longer is not waited for

    def delay(self, attempt: int, retry_after: float | None, rng: random.Random) -> float | None:
        """Seconds to wait before retry `attempt` (1-based), or None: give up."""
        if attempt > self.retries:
            return None
        if retry_after is not None:
            return retry_after if retry_after <= self.longest_wait_s else None
        return rng.uniform(0, min(self.cap_s, self.base_s * 2 ** (attempt - 1)))


def retry_after_s(headers: dict[str, str], now: datetime) -> float | None:
    """A Retry-After (seconds or an HTTP date) or retry-after-ms header, in seconds."""
    lowered = {name.lower(): value for name, value in headers.items()}
    if "retry-after-ms" in lowered:
        return _number(lowered["retry-after-ms"], scale=0.001)
    value = lowered.get("retry-after")
    if value is None:
        return None
    seconds = _number(value)
    if seconds is not None:
        return seconds
    try:
        return max(0.0, (parsedate_to_datetime(value) - now).total_seconds())
    except (TypeError, ValueError):
        return None


def _number(text: str, scale: float = 1.0) -> float | None:
    try:
        value = float(text) * scale
    except ValueError:
        return None
    return value if value >= 0 else None


class CircuitBreaker:
    """After `failures` failed requests in a row, no request is made for `cooldown_s`; then one
    trial request decides: success closes it, failure opens it again."""

    def __init__(self, failures: int, cooldown_s: float, clock: Clock) -> None:
        self._limit, self._cooldown = failures, timedelta(seconds=cooldown_s)
        self._clock = clock
        self._failed = 0
        self._opened_at: datetime | None = None
        self._trial = False
        self._lock = threading.Lock()

    @property
    def state(self) -> BreakerState:
        with self._lock:
            return self._state()

    def _state(self) -> BreakerState:
        if self._opened_at is None:
            return "closed"
        return "open" if self._clock.now() < self._opened_at + self._cooldown else "half-open"

    def allow(self) -> bool:
        """Whether a request may be made now (in half-open state, only one at a time)."""
        with self._lock:
            state = self._state()
            if state == "half-open" and not self._trial:
                self._trial = True
                return True
            return state == "closed"

    def succeeded(self) -> None:
        with self._lock:
            self._failed, self._opened_at, self._trial = 0, None, False

    def failed(self) -> None:
        with self._lock:
            self._failed += 1
            if self._trial or self._failed >= self._limit:
                self._opened_at, self._trial = self._clock.now(), False
