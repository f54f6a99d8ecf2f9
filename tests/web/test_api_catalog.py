"""Datasets and questions over the API: schemas, filters, cursor pagination, no solutions."""

from __future__ import annotations

from fastapi.testclient import TestClient

from app.workspace import Workspace
from tests.sql_bank import sql_questions


def test_lists_datasets(client: TestClient) -> None:
    names = {d["name"] for d in client.get("/api/datasets").json()}
    assert {"shop", "events", "ledger", "org"} <= names


def test_dataset_detail_has_keys_comments_and_samples(client: TestClient) -> None:
    shop = client.get("/api/datasets/shop").json()
    orders = next(t for t in shop["tables"] if t["name"] == "orders")
    assert orders["primary_key"] == ["order_id"] and orders["comment"]
    assert {"customer_id", "ordered_at"} <= {c["name"] for c in orders["columns"]}
    assert all(c["comment"] for c in orders["columns"])
    assert orders["foreign_keys"][0]["ref_table"] == "customers"
    assert 1 <= len(orders["sample_rows"]) <= 3


def test_unknown_dataset_is_a_problem(client: TestClient) -> None:
    response = client.get("/api/datasets/nope")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == "not_found" and "shop" in response.json()["detail"]


def test_questions_page_through_with_a_cursor(client: TestClient) -> None:
    seen: list[str] = []
    cursor: str | None = None
    while True:
        params: dict[str, str | int] = {"limit": 4, **({"cursor": cursor} if cursor else {})}
        page = client.get("/api/questions", params=params).json()
        seen += [q["id"] for q in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    workspace: Workspace = client.app.state.workspace  # type: ignore[attr-defined]
    assert seen == sorted(workspace.bank.questions)  # every kind's, in id order
    assert set(sql_questions()) < set(seen)


def test_question_filters(client: TestClient) -> None:
    easy_org = client.get("/api/questions", params={"difficulty": "easy", "dataset": "org"})
    items = easy_org.json()["items"]
    assert items and all(q["difficulty"] == "easy" and q["dataset"] == "org" for q in items)
    windows = client.get("/api/questions", params={"topic": "window functions", "limit": 100})
    assert all("window functions" in q["topics"] for q in windows.json()["items"])
    bad = client.get("/api/questions", params={"difficulty": "impossible"})
    assert bad.status_code == 422 and bad.json()["code"] == "validation_error"


def test_question_detail_never_shows_the_solution(client: TestClient) -> None:
    detail = client.get(f"/api/questions/{sorted(sql_questions())[0]}")
    body = detail.json()
    assert body["prompt"] and body["grading"] and body["hints_available"] >= 1
    assert body["dataset_schema"]
    text = detail.text.lower()
    assert "solution" not in body and "explanation" not in body and "hints" not in body
    assert "wrong_answers" not in text


def test_bad_cursor(client: TestClient) -> None:
    response = client.get("/api/questions", params={"cursor": "%%%"})
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "query.cursor"
