"""An index question over HTTP: the question API shows the slow plan and not the answer, an
answer is graded with findings (or rejected when it is not a CREATE INDEX), and solving or
giving up reveals the reference with the plan it gives."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

QUESTION = "index-latest-transfers"
REFERENCE = "CREATE INDEX ON transfers (from_account_id, created_at)"


def _answer(client: TestClient, sql: str, question: str = QUESTION) -> dict[str, Any]:
    response = client.post(f"/api/questions/{question}/answers", json={"answer": {"sql": sql}})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def test_the_question_shows_the_plan_and_not_the_reference(client: TestClient) -> None:
    response = client.get(f"/api/questions/{QUESTION}")
    assert response.status_code == 200, response.text
    body = response.json()
    details = body["details"]
    assert body["kind"] == "index" and details["table"] == "transfers"
    assert details["plan"]["root"]["children"][0]["operator"] == "Sort"
    assert any("CREATE INDEX" in rule for rule in body["grading"])
    assert REFERENCE not in response.text and "wrong_answers" not in response.text


def test_a_respelled_reference_solves_it_and_reveals_the_after_plan(client: TestClient) -> None:
    answer = _answer(
        client, 'create index concurrently on "transfers" (from_account_id, created_at desc);'
    )
    assert (answer["status"], answer["score"], answer["solved"]) == ("correct", 1.0, True)
    reference = answer["solution"]["reference"]
    assert reference["sql"] == REFERENCE and reference["comparison"].startswith("from ")


def test_a_wrong_index_gets_its_findings(client: TestClient) -> None:
    answer = _answer(client, "CREATE INDEX ON transfers (created_at, from_account_id)")
    assert (answer["status"], answer["score"], answer["solved"]) == ("incorrect", 0.0, False)
    assert [f["code"] for f in answer["details"]["findings"]] == ["order"]
    assert answer["missed"] == client.get(f"/api/questions/{QUESTION}").json()["topics"]


def test_the_cast_a_plan_prints_is_read_with_the_tables_column_types(client: TestClient) -> None:
    """email is varchar: PostgreSQL casts it to text for lower() itself, as its plan prints."""
    sql = "CREATE INDEX ON customers (lower((email)::text))"
    answer = _answer(client, sql, question="index-login-email")
    assert (answer["status"], answer["details"]["findings"]) == ("correct", [])


def test_another_statement_is_rejected_saying_what_is_expected(client: TestClient) -> None:
    answer = _answer(client, "SELECT * FROM transfers")
    assert answer["status"] == "rejected"
    assert "a SELECT statement" in answer["details"]["error"]


def test_an_answer_without_sql_is_refused(client: TestClient) -> None:
    body = {"answer": {"query": REFERENCE}}
    response = client.post(f"/api/questions/{QUESTION}/answers", json=body)
    assert response.status_code == 422


def test_the_generic_page_opens_the_question(client: TestClient) -> None:
    page = client.get(f"/questions/{QUESTION}", headers={"accept": "text/html"})
    assert page.status_code == 200
    assert "The ten latest transfers of an account" in page.text


def test_giving_up_reveals_the_reference(client: TestClient) -> None:
    response = client.post(f"/api/questions/{QUESTION}/give-up")
    assert response.status_code == 200, response.text
    assert response.json()["reference"]["sql"] == REFERENCE
