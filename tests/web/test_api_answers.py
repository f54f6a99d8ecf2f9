"""The answer route for every kind, here with SQL questions: the same grading, recording and
rules as /api/sql/submit, in the kind-neutral response."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.sql_bank import sql_questions

BANK = sql_questions()
QUESTION = "org-pay-cuts"
ROUTE = f"/api/questions/{QUESTION}/answers"


def test_a_sql_answer_through_the_answer_route(client: TestClient) -> None:
    right = client.post(ROUTE, json={"answer": {"sql": BANK[QUESTION].solution.sql}}).json()
    assert (right["kind"], right["status"], right["score"], right["solved"]) == (
        "sql",
        "correct",
        1.0,
        True,
    )
    assert right["solution"]["sql"] == BANK[QUESTION].solution.sql.strip()
    wrong = client.post(ROUTE, json={"answer": {"sql": "SELECT 1 AS x", "dialect": "duckdb"}})
    body = wrong.json()
    assert (body["status"], body["solved"], body["missed"]) == (
        "incorrect",
        False,
        BANK[QUESTION].topics,
    )
    assert body["details"]["diagnostics"] and body["details"]["rows"] == [[1]]


def test_the_answer_is_checked_against_its_kinds_model(client: TestClient) -> None:
    response = client.post(ROUTE, json={"answer": {"sql": "SELECT 1", "dialect": "mysql"}})
    assert response.status_code == 422 and response.json()["code"] == "validation_error"
    assert [e["field"] for e in response.json()["errors"]] == ["answer.dialect"]


def test_rounds_and_unknown_questions_are_problems(client: TestClient) -> None:
    round_ = client.post(
        "/api/rounds", json={"question_ids": ["org-pay-cuts"], "time_limit_s": 600}
    )
    other = "/api/questions/org-manager-team-size/answers"
    body = {"answer": {"sql": "SELECT 1"}, "round_id": round_.json()["id"]}
    assert client.post(other, json=body).json()["code"] == "not_in_round"
    missing = client.post("/api/questions/nope/answers", json={"answer": {"sql": "SELECT 1"}})
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"


def test_openapi_documents_the_answer_route(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    operation = spec["paths"]["/api/questions/{question_id}/answers"]["post"]
    ok = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert ok == {"$ref": "#/components/schemas/AnswerResponse"}
    assert "429" in operation["responses"]
    fields = spec["components"]["schemas"]["AnswerResponse"]["properties"]
    assert {"kind", "score", "solved", "details", "missed", "late"} <= set(fields)
