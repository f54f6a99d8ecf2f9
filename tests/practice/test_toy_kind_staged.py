"""The toy kind in a staged round, with no change to the core: stage 1 an echo question, stage
2 the same echo question and a SQL question; answers in each stage, an advance, a late answer
to stage 1 after it ended, the summary per stage and the store's attempts with their stages.
Time moves by overriding the server's clock, never by sleeping."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.store import Store, attempts_for_round
from tests.clock_override import OffsetClock, server_clock
from tests.practice.test_toy_kind import GREETING, NEVER, _store
from tests.practice.test_toy_kind import client as client
from tests.sql_bank import sql_questions

T0 = datetime(2026, 12, 9, 10, 0, tzinfo=UTC)


@pytest.fixture
def clock(client: TestClient) -> Iterator[OffsetClock]:
    with server_clock(client, T0) as clock:
        yield clock


def _echo(client: TestClient, text: str, round_id: str) -> dict[str, Any]:
    response = client.post(
        f"/api/questions/{GREETING}/answers", json={"answer": {"text": text}, "round_id": round_id}
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def _start(client: TestClient) -> str:
    plan = {
        "stages": [
            {"name": "Echo", "question_ids": [GREETING], "time_limit_s": 300},
            {"name": "Echo and SQL", "question_ids": [GREETING, NEVER], "time_limit_s": 600},
        ]
    }
    response = client.post("/api/rounds", json=plan)
    assert response.status_code == 201, response.text
    round_id: str = response.json()["id"]
    return round_id


def test_a_staged_round_over_a_toy_and_a_sql_question(
    client: TestClient,
    clock: OffsetClock,
) -> None:
    round_id = _start(client)
    clock.at(10)
    assert _echo(client, "good morning", round_id)["late"] is False  # stage 0
    clock.at(40)
    assert _echo(client, "hello", round_id)["late"] is False  # stage 0, solved
    sql = {"question_id": NEVER, "sql": sql_questions()[NEVER].solution.sql, "round_id": round_id}
    early = client.post("/api/sql/submit", json=sql)
    assert (early.status_code, early.json()["code"]) == (409, "stage_not_started")
    clock.at(100)
    advanced = client.post(f"/api/rounds/{round_id}/advance", json={"leaving": 0})
    assert advanced.status_code == 200 and advanced.json()["current_stage"] == 1
    clock.at(160)
    assert client.post("/api/sql/submit", json=sql).json()["status"] == "correct"
    assert _echo(client, "hello there", round_id)["late"] is False  # stage 1 holds it too
    clock.at(800)  # stage 1 ended at 100 + 600 = 700: the round is over
    late = _echo(client, "hello, late", round_id)
    assert late["late"] is True
    _the_summary_counts_per_stage(client, round_id)
    _the_store_holds_the_stages(_store(client), round_id)


def _the_summary_counts_per_stage(client: TestClient, round_id: str) -> None:
    summary = client.get(f"/api/rounds/{round_id}/summary").json()
    assert (summary["score"], summary["out_of"]) == (2, 2)
    first, second = summary["stages"]
    assert (first["name"], second["name"]) == ("Echo", "Echo and SQL")
    (echo,) = first["questions"]
    assert (echo["status"], echo["attempts"], echo["first_correct_s"]) == ("correct", 2, 40)
    by_id = {q["question_id"]: q for q in second["questions"]}
    assert by_id[NEVER]["first_correct_s"] == 60  # on the stage's own clock: 160 - 100
    assert (by_id[GREETING]["attempts"], by_id[GREETING]["late_attempts"]) == (1, 1)
    assert by_id[GREETING]["first_correct_s"] == 60


def _the_store_holds_the_stages(store: Store, round_id: str) -> None:
    with store.session() as session:
        attempts = attempts_for_round(session, round_id=round_id)
    assert [(a.kind, a.stage, a.late, a.elapsed_s_in_round) for a in attempts] == [
        ("echo", 0, False, 10),
        ("echo", 0, False, 40),
        ("sql", 1, False, 160),
        ("echo", 1, False, 160),
        ("echo", 1, True, 800),
    ]


def test_a_late_answer_to_an_ended_stage_belongs_to_it(
    client: TestClient,
    clock: OffsetClock,
) -> None:
    """Stage 0 holds only the echo question; once it is over, answering it in stage 1 of a
    round whose stage 1 holds only SQL is late work for stage 0."""
    plan = {
        "stages": [
            {"name": "Echo", "question_ids": [GREETING], "time_limit_s": 300},
            {"name": "SQL", "question_ids": [NEVER], "time_limit_s": 600},
        ]
    }
    round_id = client.post("/api/rounds", json=plan).json()["id"]
    clock.at(301)  # stage 0's deadline passed: stage 1 runs
    late = _echo(client, "hello", round_id)
    assert late["late"] is True
    with _store(client).session() as session:
        (attempt,) = attempts_for_round(session, round_id=round_id)
    assert (attempt.stage, attempt.late) == (0, True)
    stale = client.post(f"/api/rounds/{round_id}/advance", json={"leaving": 0})
    assert (stale.status_code, stale.json()["code"]) == (409, "stage_already_over")
    hint = client.post(f"/api/questions/{GREETING}/hints", json={"round_id": round_id})
    assert (hint.status_code, hint.json()["code"]) == (409, "round_expired")
