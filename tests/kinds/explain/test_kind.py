"""The explain kind through the whole core: registered by default, the question API shows the
plan and the asks (never an answer), answering grades and records, giving up reveals the
answers and the hot node, and the generic page shows the rules."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.catalog.models import DatasetInfo
from app.kinds.defaults import default_kinds
from app.kinds.explain.kind import EXPLAIN
from app.main import create_app
from app.settings import Settings
from tests.kinds.explain.conftest import BANK, question

CAPTURED, LIVE = "explain-test-orders-by-country", "explain-test-live-join"


@pytest.fixture(scope="module")
def client(
    tmp_path_factory: pytest.TempPathFactory, built_datasets: dict[str, DatasetInfo]
) -> Iterator[TestClient]:
    root = tmp_path_factory.mktemp("explain")
    shutil.copytree(BANK, root / "bank")
    settings = Settings(
        bank_dir=root / "bank", database_url=f"sqlite:///{root / 'state.sqlite3'}", query_workers=1
    )
    with TestClient(create_app(settings)) as client:
        yield client


def detail(client: TestClient, question_id: str) -> dict[str, Any]:
    response = client.get(f"/api/questions/{question_id}")
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def test_registered_by_default() -> None:
    assert "explain" in default_kinds()
    with pytest.raises(RuntimeError, match="bound"):
        EXPLAIN.public_view(question(CAPTURED))


def test_a_captured_plan_in_the_question_api(client: TestClient) -> None:
    response = client.get(f"/api/questions/{CAPTURED}")
    details = response.json()["details"]
    assert details["engine"] == "postgres"
    assert details["query"].startswith("SELECT c.country, count(*)")
    assert details["versions"]["postgres"].startswith("PostgreSQL 15")
    assert details["settings"] == {"max_parallel_workers_per_gather": "0"}
    assert details["plan"]["root"]["operator"] == "HashAggregate"
    assert details["asks"][1] == {
        "id": "build",
        "prompt": "Which table is the hash table built from?",
        "answer": "choice",
        "options": ["orders", "customers"],
    }
    assert details["asks"][2]["unit"] == "rows"
    assert "expected" not in response.text and "explanation" not in str(details["asks"])


def test_a_live_plan_in_the_question_api(client: TestClient) -> None:
    body = detail(client, LIVE)
    details = body["details"]
    assert (details["engine"], details["versions"]) == ("duckdb", {"duckdb": "2.0.1"})
    assert details["settings"]["threads"] == "1"
    scans = [n for n in _nodes(details["plan"]["root"]) if n["relation"] == "orders"]
    assert [(n["operator"], n["actual_rows"]) for n in scans] == [("TABLE_SCAN", 16094)]
    assert body["dataset"] == "shop" and body["dataset_schema"]
    assert any("DuckDB's profile" in rule for rule in body["grading"])


def test_answer_then_give_up(client: TestClient) -> None:
    answer = {"asks": {"hot": "0.0.0", "build": "orders", "rows": 12000}}
    response = client.post(f"/api/questions/{CAPTURED}/answers", json={"answer": answer})
    body = response.json()
    assert response.status_code == 200, response.text
    assert (body["kind"], body["status"], body["solved"]) == ("explain", "partial", False)
    assert body["missed"] == ["build"] and body["solution"] is None
    solution = client.post(f"/api/questions/{CAPTURED}/give-up").json()
    reference = solution["reference"]
    assert reference["hot_node"] == "0.0.0"
    assert reference["asks"]["build"]["answer"] == "customers"


def test_a_live_question_solved(client: TestClient) -> None:
    answer = {"asks": {"build": "customers", "factor": 2.4}}
    body = client.post(f"/api/questions/{LIVE}/answers", json={"answer": answer}).json()
    assert (body["status"], body["score"], body["solved"]) == ("correct", 1.0, True)
    assert body["details"]["asks"][1]["answer"] == 2.4
    assert body["solution"]["reference"]["asks"]["factor"]["answer"] == 2.4


def test_a_wrong_answer_shape_is_refused(client: TestClient) -> None:
    response = client.post(f"/api/questions/{LIVE}/answers", json={"answer": {"sql": "x"}})
    assert response.status_code == 422


def test_the_generic_page(client: TestClient) -> None:
    page = client.get(f"/questions/{CAPTURED}", headers={"accept": "text/html"})
    assert page.status_code == 200
    assert "Each ask is graded on its own" in page.text


def _nodes(node: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield node
    for child in node["children"]:
        yield from _nodes(child)
