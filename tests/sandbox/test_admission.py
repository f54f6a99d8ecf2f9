"""Fair admission, on a clock the test owns: tickets are granted or not, nothing is timed."""

from __future__ import annotations

import pytest

from app.sandbox.admission import Admission, Ticket, TooManyQueries

LONG_S = 0.25


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def _admission(slots: int, per_client: int = 2) -> tuple[Admission, Clock]:
    clock = Clock()
    admission = Admission(
        slots, per_client=per_client, long_after_s=LONG_S, retry_after_s=5.0, clock=clock
    )
    return admission, clock


def _granted(tickets: list[Ticket]) -> list[str]:
    return [t.client for t in tickets if t.granted.is_set()]


def test_a_client_over_its_share_is_refused_with_a_retry_after() -> None:
    admission, _ = _admission(slots=4, per_client=2)
    admission.enter("a"), admission.enter("a")
    with pytest.raises(TooManyQueries) as refused:
        admission.enter("a")
    assert refused.value.retry_after_s == 5
    assert "2 queries running or waiting" in refused.value.detail
    assert _granted([admission.enter("b")]) == ["b"]  # others are not affected


def test_the_process_itself_is_never_refused() -> None:
    admission, _ = _admission(slots=1, per_client=1)
    tickets = [admission.enter(None) for _ in range(5)]
    assert len(_granted(tickets)) == 1 and admission.waiting() == 4


def test_a_free_slot_goes_to_the_client_served_least_recently() -> None:
    admission, _ = _admission(slots=1, per_client=3)
    running = admission.enter("busy")
    queued = [admission.enter("busy"), admission.enter("busy"), admission.enter("other")]
    admission.leave(running)
    assert _granted(queued) == ["other"]  # not the older requests of the client just served


def test_leaving_while_waiting_frees_the_place() -> None:
    admission, _ = _admission(slots=1, per_client=1)
    running, waiting = admission.enter("a"), admission.enter("b")
    admission.leave(waiting)
    admission.leave(running)
    assert admission.waiting() == 0 and _granted([admission.enter("b")]) == ["b"]


def _made_heavy(admission: Admission, clock: Clock, client: str) -> None:
    """`client` runs one query past the long threshold."""
    ticket = admission.enter(client)
    started = clock.now
    clock.now += LONG_S
    admission.leave(ticket)
    clock.now = started


def test_heavy_clients_share_half_the_workers_and_quick_ones_get_the_rest() -> None:
    """Eight clients whose queries run to the limit, four workers: a quick client is served."""
    admission, clock = _admission(slots=4)
    abusers = [f"abuser-{n}" for n in range(8)]
    for abuser in abusers:
        _made_heavy(admission, clock, abuser)
    held = [admission.enter(abuser) for abuser in abusers]
    assert len(_granted(held)) == 2 and admission.waiting() == 6
    normal = [admission.enter(f"normal-{n}") for n in range(2)]
    assert _granted(normal) == ["normal-0", "normal-1"]


def test_a_query_running_long_counts_against_the_heavy_share() -> None:
    """Not yet known as heavy, two clients' first queries run long: heavy clients wait."""
    admission, clock = _admission(slots=4)
    first = [admission.enter("new-1"), admission.enter("new-2")]
    clock.now += LONG_S
    _made_heavy(admission, clock, "known")
    assert _granted(first) == ["new-1", "new-2"]
    assert _granted([admission.enter("known")]) == []
    assert _granted([admission.enter("quick")]) == ["quick"]


def test_a_heavy_client_whose_next_query_is_quick_is_heavy_no_more() -> None:
    admission, clock = _admission(slots=2)
    _made_heavy(admission, clock, "a")
    admission.leave(admission.enter("a"))  # quick: no time passes
    running = [admission.enter("a"), admission.enter("a")]
    assert len(_granted(running)) == 2  # both slots: not limited to the heavy share of 1


def test_a_heavy_client_is_served_when_its_share_frees() -> None:
    admission, clock = _admission(slots=2)
    for client in ("x", "y"):
        _made_heavy(admission, clock, client)
    first, second = admission.enter("x"), admission.enter("y")
    assert _granted([first, second]) == ["x"]
    admission.leave(first)
    assert second.granted.is_set()
