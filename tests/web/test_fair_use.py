"""Sharing the query workers over HTTP: clients are told apart by address; over its share a
client gets 429 with Retry-After, and quick clients are served while heavy ones hold theirs."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from fastapi.testclient import TestClient
from starlette.requests import Request

from app.sandbox.admission import Admission, Ticket
from app.web.fair_use import client_key


def _admission(client: TestClient) -> Admission:
    admission: Admission = client.app.state.workspace.engine.admission  # type: ignore[attr-defined]
    return admission


def _from(client: TestClient, address: str) -> TestClient:
    """The same application, reached from another address (no second lifespan)."""
    return TestClient(client.app, client=(address, 40000))


def _uncached_run() -> dict[str, str]:
    return {"dataset": "org", "sql": f"SELECT '{uuid.uuid4().hex}' AS fresh"}


@contextmanager
def _held(admission: Admission, clients: list[str]) -> Iterator[list[Ticket]]:
    tickets = [admission.enter(c) for c in clients]
    try:
        yield tickets
    finally:
        for ticket in tickets:
            admission.leave(ticket)


def test_the_key_is_the_address_and_forwarded_for_is_not_trusted() -> None:
    forwarded = [(b"x-forwarded-for", b"198.51.100.1")]
    request = Request({"type": "http", "client": ("192.0.2.4", 1), "headers": forwarded})
    assert client_key(request) == "address:192.0.2.4"


@pytest.mark.parametrize("route", ["run", "submit"])
def test_a_client_over_its_share_gets_429_with_retry_after(client: TestClient, route: str) -> None:
    settings = client.app.state.settings  # type: ignore[attr-defined]
    address = f"203.0.113.{1 if route == 'run' else 2}"
    share = [f"address:{address}"] * settings.queries_per_client
    body = _uncached_run()
    if route == "submit":
        body = {"question_id": _any_question(client), "sql": body["sql"]}
    with _held(_admission(client), share):
        response = _from(client, address).post(f"/api/sql/{route}", json=body)
        elsewhere = _from(client, "203.0.113.99").post("/api/sql/run", json=_uncached_run())
    assert response.status_code == 429 and response.json()["code"] == "too_many_queries"
    assert response.headers["retry-after"] == f"{settings.query_timeout_s:g}"  # the time limit
    assert "wait for one to finish" in response.json()["detail"]
    assert elsewhere.status_code == 200


def _any_question(client: TestClient) -> str:
    question_id: str = client.get("/api/questions?round=sql&limit=1").json()["items"][0]["id"]
    return question_id


class _Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_quick_client_is_served_while_heavy_clients_hold_their_share(
    client: TestClient,
) -> None:
    """Eight clients whose last queries ran to the limit each hold a query (two of them
    running, six waiting): a new client's query still runs."""
    assert _served_beside_heavy_clients(client, "192.0.2.77", last_query_s=None) == [200]


def test_a_query_slowed_by_a_busy_machine_does_not_make_its_client_heavy(
    client: TestClient,
) -> None:
    """An ordinary query can take a second when the machine is busy: its client still gets
    the quick clients' workers, not a place behind the abusers."""
    assert _served_beside_heavy_clients(client, "192.0.2.78", last_query_s=1.0) == [200]


def _served_beside_heavy_clients(
    client: TestClient, address: str, *, last_query_s: float | None
) -> list[int]:
    """The status of a run from `address` (whose last query took `last_query_s`) while eight
    heavy clients hold the heavy share; [] if it was left waiting."""
    admission, clock = _admission(client), _Clock()
    real_clock, admission.clock = admission.clock, clock
    heavy = [f"address:198.51.100.{n}" for n in range(8)]
    try:
        for key in heavy:  # each ran one query past the long threshold
            _ran(admission, clock, key, admission.long_after_s)
        if last_query_s is not None:
            _ran(admission, clock, f"address:{address}", last_query_s)
        with _held(admission, heavy) as tickets:
            assert sum(t.granted.is_set() for t in tickets) == admission.heavy_slots
            answers: list[int] = []
            quick = threading.Thread(
                target=lambda: answers.append(
                    _from(client, address).post("/api/sql/run", json=_uncached_run()).status_code
                )
            )
            quick.start()
            quick.join(timeout=60)  # a wrong admission would leave it waiting for ever
            return answers
    finally:
        admission.clock = real_clock


def _ran(admission: Admission, clock: _Clock, key: str, seconds: float) -> None:
    ticket = admission.enter(key)
    clock.now += seconds
    admission.leave(ticket)
