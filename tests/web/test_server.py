"""A candidate's timed round over real HTTP against a started `drill serve`, and a server
killed mid-round that comes back with the same round, deadline and answers."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from app.catalog.models import DatasetInfo
from tests.sql_bank import sql_questions
from tests.web.serving import Server, serving

BANK = sql_questions()
ROUND_QUESTIONS = [
    "org-departments-without-staff",
    "org-paid-more-than-manager",
    "shop-customers-who-never-ordered",
]


@pytest.fixture(scope="module")
def server(
    tmp_path_factory: pytest.TempPathFactory, built_datasets: dict[str, DatasetInfo]
) -> Iterator[Server]:
    """One server for the module's tests; each works in rounds and keys of its own."""
    with serving(tmp_path_factory.mktemp("server") / "state.sqlite3") as running:
        yield running


@pytest.fixture
def server_to_kill(tmp_path: Path, built_datasets: dict[str, DatasetInfo]) -> Iterator[Server]:
    with serving(tmp_path / "state.sqlite3") as running:
        yield running


def test_a_complete_timed_round(server: Server) -> None:
    with httpx.Client(base_url=server.base, timeout=30) as api:
        _timed_round(api)


def _timed_round(api: httpx.Client) -> None:
    round_ = api.post(
        "/api/rounds", json={"question_ids": ROUND_QUESTIONS, "time_limit_s": 2700}
    ).json()
    assert round_["over"] is False and 2690 < round_["remaining_s"] <= 2700
    first, second, _ = ROUND_QUESTIONS
    wrong = api.post(
        "/api/sql/submit",
        json={
            "question_id": first,
            "round_id": round_["id"],
            "sql": BANK[first].wrong_answers[0].sql,
        },
    ).json()
    assert wrong["status"] == "incorrect" and wrong["diagnostics"] and wrong["solution"] is None
    hint = api.post(f"/api/questions/{first}/hints", json={"round_id": round_["id"]}).json()
    assert hint["index"] == 0 and hint["text"] == BANK[first].hints[0]
    right = {"question_id": first, "round_id": round_["id"], "sql": BANK[first].solution.sql}
    key = {"Idempotency-Key": "answer-1"}
    accepted = api.post("/api/sql/submit", json=right, headers=key)
    retried = api.post("/api/sql/submit", json=right, headers=key)
    assert accepted.json()["status"] == "correct" and accepted.json()["solution"]["sql"]
    assert retried.json()["attempt_id"] == accepted.json()["attempt_id"]
    assert retried.headers["idempotent-replayed"] == "true"
    reused = api.post("/api/sql/submit", json={**right, "sql": "SELECT 1"}, headers=key)
    assert reused.status_code == 409 and reused.json()["code"] == "idempotency_key_reused"
    api.post(
        "/api/sql/submit",
        json={"question_id": second, "round_id": round_["id"], "sql": "SELECT nonsense"},
    )
    finished = api.post(f"/api/rounds/{round_['id']}/finish").json()
    assert finished["over"] is True and finished["remaining_s"] == 0
    late = api.post("/api/sql/submit", json={**right, "sql": BANK[first].solution.sql + " "})
    assert late.json()["status"] == "correct" and late.json()["late"] is True
    summary = api.get(f"/api/rounds/{round_['id']}/summary").json()
    by_id = {q["question_id"]: q for q in summary["questions"]}
    assert (summary["score"], summary["out_of"]) == (1, 3)
    assert by_id[first]["attempts"] == 2 and by_id[first]["late_attempts"] == 1
    assert by_id[first]["hints_used"] == 1 and by_id[first]["first_correct_s"] is not None
    assert by_id[second]["status"] == "attempted" and summary["topics_to_work_on"]


def test_a_killed_server_keeps_the_round(server_to_kill: Server) -> None:
    server = server_to_kill
    with httpx.Client(base_url=server.base, timeout=30) as api:
        round_ = api.post("/api/rounds", json={"count": 2, "time_limit_s": 600}).json()
        question = round_["questions"][0]["question_id"]
        api.post(
            "/api/sql/submit",
            json={
                "question_id": question,
                "round_id": round_["id"],
                "sql": BANK[question].solution.sql,
            },
        )
    server.kill()
    server.start()
    again = httpx.get(f"{server.base}/api/rounds/{round_['id']}", timeout=30).json()
    assert again["deadline_at"] == round_["deadline_at"]
    assert again["remaining_s"] < round_["remaining_s"]
    assert (
        next(q for q in again["questions"] if q["question_id"] == question)["status"] == "correct"
    )


def test_concurrent_retries_record_one_attempt(server: Server) -> None:
    with httpx.Client(base_url=server.base, timeout=30) as api:
        question = ROUND_QUESTIONS[0]
        round_ = api.post(
            "/api/rounds", json={"question_ids": [question], "time_limit_s": 600}
        ).json()
        body = {
            "question_id": question,
            "round_id": round_["id"],
            "sql": BANK[question].solution.sql,
        }

        def submit(n: int) -> dict[str, object]:
            """Each retry from an address of its own: one address may have only
            DRILL_QUERIES_PER_CLIENT queries running or waiting at once."""
            headers = {"Idempotency-Key": "same-key"}
            own = httpx.HTTPTransport(local_address=f"127.0.0.{n + 2}")
            with httpx.Client(base_url=server.base, timeout=30, transport=own) as retry:
                response: dict[str, object] = retry.post(
                    "/api/sql/submit", json=body, headers=headers
                ).json()
            return response

        with ThreadPoolExecutor(max_workers=4) as pool:
            answers = list(pool.map(submit, range(4)))
        assert len({a["attempt_id"] for a in answers}) == 1
        summary = api.get(f"/api/rounds/{round_['id']}/summary").json()
        assert summary["questions"][0]["attempts"] == 1


def test_many_concurrent_writers_all_succeed(server: Server) -> None:
    """More concurrent writes than the thread pool has threads (40): each unit of work commits
    in its own thread, so no writer waits out SQLite's busy timeout behind a stalled commit."""
    writers = 64
    body = {"question_ids": ROUND_QUESTIONS, "time_limit_s": 600}
    limits = httpx.Limits(max_connections=writers)
    with httpx.Client(base_url=server.base, timeout=60, limits=limits) as api:

        def start(_: int) -> httpx.Response:
            return api.post("/api/rounds", json=body)

        def hint(round_id: str) -> httpx.Response:
            path = f"/api/questions/{ROUND_QUESTIONS[0]}/hints"
            return api.post(path, json={"round_id": round_id})

        with ThreadPoolExecutor(max_workers=writers) as pool:
            rounds = list(pool.map(start, range(writers)))
            assert [r.status_code for r in rounds] == [201] * writers
            hints = list(pool.map(hint, [r.json()["id"] for r in rounds]))
        assert [(h.status_code, h.json()["index"]) for h in hints] == [(200, 0)] * writers
