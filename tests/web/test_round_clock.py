"""The server's clock decides a round, over the HTTP API: on the module's manual clock a round
reaches its deadline when the test moves the clock, with no waiting. In time an answer counts
and hints open; from the deadline on answers are late, hints are closed (409), the solution
opens and the summary counts the late answer apart."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from app.clock import ManualClock
from tests.sql_bank import sql_questions

BANK = sql_questions()
QUESTION = "org-departments-without-staff"
LIMIT_S = 45 * 60


def _start(client: TestClient, question: str) -> dict[str, Any]:
    body = {"question_ids": [question], "time_limit_s": LIMIT_S}
    response = client.post("/api/rounds", json=body)
    assert response.status_code == 201, response.text
    round_: dict[str, Any] = response.json()
    return round_


def _submit(client: TestClient, round_id: str, sql: str) -> dict[str, Any]:
    body = {"question_id": QUESTION, "round_id": round_id, "sql": sql}
    response = client.post("/api/sql/submit", json=body)
    assert response.status_code == 200, response.text
    verdict: dict[str, Any] = response.json()
    return verdict


def _hint(client: TestClient, round_id: str) -> Any:
    return client.post(f"/api/questions/{QUESTION}/hints", json={"round_id": round_id})


def test_a_round_meets_its_deadline_when_the_clock_moves(
    client: TestClient, clock: ManualClock
) -> None:
    round_ = _start(client, QUESTION)
    assert round_["started_at"] == clock.now().isoformat()
    assert (round_["remaining_s"], round_["over"]) == (LIMIT_S, False)

    clock.advance(LIMIT_S - 1)
    assert client.get(f"/api/rounds/{round_['id']}").json()["remaining_s"] == 1
    assert _hint(client, round_["id"]).status_code == 200
    in_time = _submit(client, round_["id"], BANK[QUESTION].solution.sql)
    assert (in_time["status"], in_time["late"]) == ("correct", False)
    closed = client.post(f"/api/questions/{QUESTION}/give-up")
    assert (closed.status_code, closed.json()["code"]) == (409, "round_running")

    clock.advance(1)  # the deadline itself: the round is over
    read = client.get(f"/api/rounds/{round_['id']}").json()
    assert (read["remaining_s"], read["over"]) == (0, True)
    _after_the_deadline(client, round_["id"])


def _after_the_deadline(client: TestClient, round_id: str) -> None:
    late = _submit(client, round_id, BANK[QUESTION].wrong_answers[0].sql)
    assert (late["status"], late["late"]) == ("incorrect", True)
    closed = _hint(client, round_id)
    assert (closed.status_code, closed.json()["code"]) == (409, "round_expired")
    assert client.post(f"/api/questions/{QUESTION}/give-up").status_code == 200

    summary = client.get(f"/api/rounds/{round_id}/summary").json()
    assert (summary["score"], summary["out_of"]) == (1, 1)
    row = summary["questions"][0]
    assert (row["status"], row["attempts"], row["late_attempts"]) == ("correct", 1, 1)
    assert (row["hints_used"], row["first_correct_s"]) == (1, LIMIT_S - 1)


def test_the_pages_read_the_same_clock(client: TestClient, clock: ManualClock) -> None:
    question = "shop-customers-who-never-ordered"
    clock.advance(60)  # a start of its own: rounds started at one instant tie
    round_ = _start(client, question)
    page = client.get(f"/rounds/{round_['id']}", headers={"accept": "text/html"})
    assert page.status_code == 200 and f"/rounds/{round_['id']}/questions/" in str(page.url)
    assert f'href="/rounds/{round_["id"]}"' in client.get("/").text  # in progress at home

    clock.advance(LIMIT_S)
    over = client.get(f"/rounds/{round_['id']}", headers={"accept": "text/html"})
    assert str(over.url).endswith(f"/rounds/{round_['id']}/summary")  # over: the summary
    assert "Round in progress" not in client.get("/").text
