"""A kind registered in tests only goes through the whole core with no change to it: the
question API, the generic answer route (idempotent), a round beside a SQL question, the
summary, the pages, giving up, the metrics and the store."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.catalog.models import DatasetInfo
from app.kinds.defaults import default_kinds
from app.main import create_app
from app.settings import Settings
from app.store import Store, attempts_for_round
from tests.practice.toy_kind import ECHO
from tests.sql_bank import sql_questions

ECHO_BANK = Path(__file__).parents[1] / "fixtures" / "bank_kinds" / "echo"
GREETING, FAREWELL = "echo-greeting", "echo-farewell"
NEVER = "shop-customers-who-never-ordered"
PAGE = {"accept": "text/html"}


@pytest.fixture(scope="module")
def client(
    tmp_path_factory: pytest.TempPathFactory, built_datasets: dict[str, DatasetInfo]
) -> Iterator[TestClient]:
    """An app over the built-in kinds plus echo, and a bank of the SQL questions and echo's."""
    root = tmp_path_factory.mktemp("toy")
    shutil.copytree(Settings().bank_dir / "sql", root / "bank" / "sql")
    shutil.copytree(ECHO_BANK, root / "bank" / "echo")
    settings = Settings(
        bank_dir=root / "bank", database_url=f"sqlite:///{root / 'state.sqlite3'}", query_workers=1
    )
    with TestClient(create_app(settings, kinds=default_kinds().with_kind(ECHO))) as client:
        yield client


def _answer(client: TestClient, question: str, text: str, **extra: Any) -> dict[str, Any]:
    response = client.post(
        f"/api/questions/{question}/answers", json={"answer": {"text": text}, **extra}
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def _store(client: TestClient) -> Store:
    store: Store = client.app.state.store  # type: ignore[attr-defined]
    return store


def test_the_question_api_lists_the_toy_kind_without_its_answer(client: TestClient) -> None:
    items = client.get("/api/questions", params={"round": "echo"}).json()["items"]
    assert [(q["id"], q["kind"], q["dataset"]) for q in items] == [
        (FAREWELL, "echo", None),
        (GREETING, "echo", None),
    ]
    detail = client.get(f"/api/questions/{GREETING}")
    body = detail.json()
    assert body["grading"] == ["Correct when your text contains the expected word."]
    assert (body["dataset_schema"], body["details"]) == ([], {"words_expected": 1})
    assert "hello" not in detail.text and "expected_word" not in detail.text


def test_an_answer_is_graded_recorded_and_replayed(client: TestClient) -> None:
    key = {"Idempotency-Key": "echo-1"}
    body = {"answer": {"text": "Hello world"}}
    first = client.post(f"/api/questions/{GREETING}/answers", json=body, headers=key)
    again = client.post(f"/api/questions/{GREETING}/answers", json=body, headers=key)
    answer = first.json()
    assert (answer["kind"], answer["status"], answer["score"], answer["solved"]) == (
        "echo",
        "correct",
        1.0,
        True,
    )
    assert answer["details"] == {"heard": True} and answer["missed"] == []
    assert answer["solution"] == {
        "explanation": "The first program says hello, world.",
        "reference": {"word": "hello"},
    }
    assert again.json() == answer and again.headers["idempotent-replayed"] == "true"
    reused = client.post(
        f"/api/questions/{GREETING}/answers", json={"answer": {"text": "hi"}}, headers=key
    )
    assert reused.status_code == 409 and reused.json()["code"] == "idempotency_key_reused"


def test_an_answer_of_the_wrong_shape_names_its_fields(client: TestClient) -> None:
    response = client.post(f"/api/questions/{GREETING}/answers", json={"answer": {"txt": "hi"}})
    assert response.status_code == 422 and response.json()["code"] == "validation_error"
    fields = {e["field"] for e in response.json()["errors"]}
    assert fields == {"answer.text", "answer.txt"}


def test_the_sql_route_sends_other_kinds_to_the_answer_route(client: TestClient) -> None:
    response = client.post("/api/sql/submit", json={"question_id": GREETING, "sql": "SELECT 1"})
    assert response.status_code == 422 and response.json()["code"] == "wrong_kind"
    assert f"POST /api/questions/{GREETING}/answers" in response.json()["detail"]


def test_a_round_over_a_toy_and_a_sql_question(client: TestClient) -> None:
    started = client.post(
        "/api/rounds", json={"question_ids": [GREETING, NEVER], "time_limit_s": 600}
    ).json()
    round_id = started["id"]
    hint = client.post(f"/api/questions/{GREETING}/hints", json={"round_id": round_id}).json()
    assert hint == {"index": 0, "text": "Two words, the first one is the answer.", "remaining": 0}
    wrong = _answer(client, GREETING, "good morning", round_id=round_id)
    assert (wrong["status"], wrong["missed"], wrong["solution"]) == (
        "incorrect",
        ["echo-word"],
        None,
    )
    assert wrong["round_id"] == round_id and wrong["late"] is False
    _answer(client, GREETING, "hello", round_id=round_id)
    sql = sql_questions()[NEVER].solution.sql
    submitted = client.post(
        "/api/sql/submit", json={"question_id": NEVER, "sql": sql, "round_id": round_id}
    )
    assert submitted.json()["status"] == "correct"
    client.post(f"/api/rounds/{round_id}/finish")
    late = _answer(client, GREETING, "hello again", round_id=round_id)
    assert late["late"] is True and late["solved"] is True
    summary = client.get(f"/api/rounds/{round_id}/summary").json()
    by_id = {q["question_id"]: q for q in summary["questions"]}
    assert (summary["score"], summary["out_of"]) == (2, 2)
    assert (by_id[GREETING]["status"], by_id[GREETING]["attempts"]) == ("correct", 2)
    assert (by_id[GREETING]["late_attempts"], by_id[GREETING]["hints_used"]) == (1, 1)
    assert by_id[NEVER]["status"] == "correct"
    _the_store_holds_both_kinds(client, round_id)


def _the_store_holds_both_kinds(client: TestClient, round_id: str) -> None:
    with _store(client).session() as session:
        attempts = attempts_for_round(session, round_id=round_id)
    assert [(a.kind, a.status, a.score, a.missed) for a in attempts] == [
        ("echo", "incorrect", 0.0, ["echo-word"]),
        ("echo", "correct", 1.0, []),
        ("sql", "correct", 1.0, []),
        ("echo", "correct", 1.0, []),
    ]
    assert attempts[0].answer == {"text": "good morning"} and attempts[0].details == {
        "heard": False
    }
    assert attempts[2].answer["sql"] == sql_questions()[NEVER].solution.sql
    assert [a.late for a in attempts] == [False, False, False, True]


def test_pages_show_the_toy_kind_on_the_generic_page(client: TestClient) -> None:
    listing = client.get("/questions", headers=PAGE).text
    assert f'href="/questions/{GREETING}"' in listing and f'href="/questions/{NEVER}"' in listing
    page = client.get(f"/questions/{FAREWELL}", headers=PAGE)
    assert page.status_code == 200
    assert "the word people say when they leave" in page.text
    assert f"POST /api/questions/{FAREWELL}/answers</code>" in page.text
    assert '{"answer": { "text": … }}' in page.text
    assert "goodbye" not in page.text and 'id="editor"' not in page.text


def test_a_round_page_and_its_summary_show_the_toy_kind(client: TestClient) -> None:
    round_id = client.post(
        "/api/rounds", json={"question_ids": [FAREWELL, NEVER], "time_limit_s": 600}
    ).json()["id"]
    _answer(client, FAREWELL, "goodbye", round_id=round_id)
    page = client.get(f"/rounds/{round_id}/questions/{FAREWELL}", headers=PAGE).text
    assert 'id="round-clock"' in page and page.count('class="nav-q') == 2
    assert f'"round_id": "{round_id}"' in page
    opened = client.get(f"/rounds/{round_id}", headers=PAGE, follow_redirects=False)
    assert opened.headers["location"].endswith(f"/questions/{NEVER}")  # the toy one is solved
    summary = client.get(f"/rounds/{round_id}/summary", headers=PAGE)
    assert summary.status_code == 200 and "1</span> of 2 solved" in summary.text


def test_giving_up_reveals_the_kinds_solution(client: TestClient) -> None:
    response = client.post(f"/api/questions/{GREETING}/give-up")  # in no running round
    assert response.json() == {
        "explanation": "The first program says hello, world.",
        "reference": {"word": "hello"},
    }


def test_metrics_count_answers_by_kind(client: TestClient) -> None:
    _answer(client, FAREWELL, "bye")
    text = client.get("/metrics").text
    assert 'drill_verdicts_total{kind="echo",status="incorrect"}' in text
    assert 'drill_grading_duration_seconds_count{kind="echo"}' in text
