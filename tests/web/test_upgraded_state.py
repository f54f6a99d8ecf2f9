"""A server started on a data directory whose state file a 0001 server filled: it upgrades the
file at start-up, and the old rounds, answers and idempotent submits read as they did."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.catalog.models import DatasetInfo
from app.main import create_app
from app.settings import Settings
from app.store import create_store
from app.web.schemas import SubmitRequest
from tests.store.state_0001 import (
    DONE_ROUND,
    NO_STAFF,
    PAID_MORE,
    PAY_CUTS,
    SUBMIT_KEY,
    State0001,
    fill_0001,
    migrate_to,
)

# The submit a 0001 server answered and stored under SUBMIT_KEY (attempt "SELECT 120 ...").
STORED_SUBMIT = {"question_id": PAID_MORE, "sql": "SELECT 120 AS answer", "round_id": DONE_ROUND}


@pytest.fixture
def old_state(tmp_path: Path) -> State0001:
    """drill.sqlite3 at revision 0001 with rows, in a data directory holding the datasets."""
    (tmp_path / "datasets").symlink_to(Settings().built_datasets_dir, target_is_directory=True)
    store = create_store(f"sqlite:///{tmp_path / 'drill.sqlite3'}")
    migrate_to(store, "0001")
    request_hash = hashlib.sha256(
        SubmitRequest.model_validate(STORED_SUBMIT).model_dump_json().encode()
    ).hexdigest()
    state = fill_0001(store, request_hash=request_hash)
    store.close()
    return state


@pytest.fixture
def client(
    tmp_path: Path, old_state: State0001, built_datasets: dict[str, DatasetInfo]
) -> Iterator[TestClient]:
    settings = Settings(data_dir=tmp_path, database_url="", query_workers=1)
    with TestClient(create_app(settings)) as client:
        yield client


def _summary(client: TestClient) -> dict[str, Any]:
    response = client.get(f"/api/rounds/{DONE_ROUND}/summary")
    assert response.status_code == 200, response.text
    summary: dict[str, Any] = response.json()
    return summary


def _saved_sql(client: TestClient, path: str) -> Any:
    page = client.get(path, headers={"accept": "text/html"})
    assert page.status_code == 200, page.text[:500]
    found = re.search(r'<script type="application/json" id="page-data">(.*?)</script>', page.text)
    assert found, "the drill page carries its data for the script"
    return json.loads(found.group(1))["saved_sql"]


def test_the_old_rounds_summary_counts_the_old_attempts(client: TestClient) -> None:
    questions = {q["question_id"]: q for q in _summary(client)["questions"]}
    assert (questions[PAID_MORE]["status"], questions[PAID_MORE]["first_correct_s"]) == (
        "correct",
        120.0,
    )
    assert [questions[q]["attempts"] for q in (PAID_MORE, NO_STAFF)] == [2, 3]
    assert [questions[q]["late_attempts"] for q in (PAID_MORE, NO_STAFF)] == [0, 1]
    assert [questions[q]["hints_used"] for q in (PAID_MORE, NO_STAFF)] == [1, 2]
    assert questions[NO_STAFF]["status"] == "attempted"


def test_the_question_pages_bring_back_the_last_old_answer(client: TestClient) -> None:
    assert _saved_sql(client, f"/questions/{PAY_CUTS}") == "SELECT 'practice, last' AS answer"
    in_round = _saved_sql(client, f"/rounds/{DONE_ROUND}/questions/{PAID_MORE}")
    assert in_round == "SELECT 120 AS answer"


def test_an_old_idempotent_submit_replays_its_stored_answer(
    client: TestClient, old_state: State0001
) -> None:
    before = _summary(client)
    replayed = client.post(
        "/api/sql/submit", json=STORED_SUBMIT, headers={"Idempotency-Key": SUBMIT_KEY}
    )
    assert replayed.status_code == 200
    assert replayed.headers["idempotent-replayed"] == "true"
    assert replayed.json() == old_state.idempotency[0]["response"]
    assert _summary(client) == before  # nothing recorded twice
