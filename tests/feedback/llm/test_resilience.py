"""Retries wait as the server asks (Retry-After, in seconds or as a date) or back off with
jitter, and the circuit breaker opens after failures in a row, on a clock the test moves."""

from __future__ import annotations

import random
from datetime import UTC, datetime

import pytest

from app.clock import ManualClock
from app.feedback.llm.resilience import Backoff, CircuitBreaker, retry_after_s

T0 = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)


def test_backoff_grows_with_full_jitter_and_stops_after_the_retries() -> None:
    backoff, rng = Backoff(retries=3, base_s=1.0, cap_s=3.0), random.Random(7)
    for attempt, cap in ((1, 1.0), (2, 2.0), (3, 3.0)):  # base doubling, capped at cap_s
        spread = {backoff.delay(attempt, None, rng) for _ in range(50)}
        assert all(d is not None and 0 <= d <= cap for d in spread) and len(spread) > 1
    assert backoff.delay(4, None, rng) is None


def test_a_servers_retry_after_wins_unless_it_is_too_long() -> None:
    backoff, rng = Backoff(retries=2, longest_wait_s=30), random.Random(1)
    assert backoff.delay(1, 7.0, rng) == 7.0
    assert backoff.delay(1, 31.0, rng) is None


@pytest.mark.parametrize(
    ("headers", "seconds"),
    [
        ({"Retry-After": "7"}, 7.0),
        ({"retry-after-ms": "1500"}, 1.5),
        ({"Retry-After": "Wed, 02 Dec 2026 09:00:12 GMT"}, 12.0),
        ({"Retry-After": "Wed, 02 Dec 2026 08:59:00 GMT"}, 0.0),
        ({"Retry-After": "soon"}, None),
        ({"Retry-After": "-3"}, None),
        ({}, None),
    ],
)
def test_retry_after_is_read_in_seconds(headers: dict[str, str], seconds: float | None) -> None:
    assert retry_after_s(headers, T0) == seconds


def test_the_breaker_opens_after_failures_in_a_row_and_one_trial_closes_it() -> None:
    clock = ManualClock(T0)
    breaker = CircuitBreaker(failures=2, cooldown_s=60, clock=clock)
    breaker.failed()
    breaker.succeeded()  # a success in between: not in a row
    breaker.failed()
    assert breaker.allow() and _state(breaker) == "closed"
    breaker.failed()
    assert not breaker.allow()
    assert _state(breaker) == "open"
    clock.advance(60)
    assert _state(breaker) == "half-open"
    assert breaker.allow() and not breaker.allow()  # one trial at a time
    breaker.succeeded()
    assert _state(breaker) == "closed" and breaker.allow()


def test_a_failed_trial_opens_the_breaker_again_for_a_whole_cooldown() -> None:
    clock = ManualClock(T0)
    breaker = CircuitBreaker(failures=3, cooldown_s=60, clock=clock)
    for _ in range(3):
        breaker.failed()
    clock.advance(61)
    assert breaker.allow()
    breaker.failed()
    clock.advance(59)
    assert _state(breaker) == "open" and not breaker.allow()


def _state(breaker: CircuitBreaker) -> str:
    """The state read afresh (a property mypy would otherwise narrow across calls)."""
    return breaker.state
