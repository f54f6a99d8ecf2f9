"""What a SQL submit records: an attempt of kind sql whose answer is the SQL and its dialect,
scored all or nothing, with the verdict's details, and the question's topics missed when wrong."""

from __future__ import annotations

from fastapi.testclient import TestClient

from app.store import Attempt, Store
from tests.sql_bank import sql_questions

BANK = sql_questions()
QUESTION = "org-top-three-salaries-per-department"


def _submit_and_read(client: TestClient, sql: str, dialect: str = "postgres") -> Attempt:
    body = {"question_id": QUESTION, "sql": sql, "dialect": dialect}
    response = client.post("/api/sql/submit", json=body)
    assert response.status_code == 200, response.text
    store: Store = client.app.state.store  # type: ignore[attr-defined]
    with store.session() as session:
        attempt = session.get(Attempt, response.json()["attempt_id"])
    assert attempt is not None
    return attempt


def test_a_correct_answer_scores_one_and_misses_nothing(client: TestClient) -> None:
    sql = BANK[QUESTION].solution.sql
    attempt = _submit_and_read(client, sql)
    assert (attempt.kind, attempt.answer) == ("sql", {"sql": sql, "dialect": "postgres"})
    assert (attempt.status, attempt.score, attempt.missed) == ("correct", 1.0, [])
    assert attempt.details["diagnostics"] == [] and attempt.details["error"] is None
    assert attempt.details["row_count"] > 0


def test_a_wrong_answer_scores_zero_and_misses_the_questions_topics(client: TestClient) -> None:
    attempt = _submit_and_read(client, "SELECT 1 AS x", dialect="duckdb")
    assert attempt.answer == {"sql": "SELECT 1 AS x", "dialect": "duckdb"}
    assert (attempt.status, attempt.score) == ("incorrect", 0.0)
    assert attempt.missed == BANK[QUESTION].topics
    assert [d["code"] for d in attempt.details["diagnostics"]]
    assert (attempt.details["error"], attempt.details["row_count"]) == (None, 1)


def test_an_answer_that_does_not_run_keeps_its_error(client: TestClient) -> None:
    attempt = _submit_and_read(client, "SELEC 1")
    assert (attempt.status, attempt.score, attempt.missed) == ("error", 0.0, BANK[QUESTION].topics)
    assert attempt.details["error"]["code"] == "sql_syntax_error"
    assert attempt.details["diagnostics"] == [] and attempt.details["row_count"] is None
