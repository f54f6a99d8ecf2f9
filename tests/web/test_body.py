"""The request body contract in-process: every case of tests/fixtures/body_cases.toml gets the
answer written there, from an application with the default body limit."""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.catalog.models import DatasetInfo
from app.main import create_app
from app.settings import Settings

CASES: list[dict[str, Any]] = tomllib.loads(
    (Path(__file__).parents[1] / "fixtures" / "body_cases.toml").read_text()
)["case"]
QUESTION = "shop-customers-who-never-ordered"  # asked for hints and given up on
ROUND_QUESTION = "org-paid-more-than-manager"  # in the round the cases finish


@pytest.fixture(scope="module")
def app_client(
    tmp_path_factory: pytest.TempPathFactory, built_datasets: dict[str, DatasetInfo]
) -> Iterator[TestClient]:
    state = tmp_path_factory.mktemp("body") / "state.sqlite3"
    settings = Settings(database_url=f"sqlite:///{state}", query_workers=1)
    with TestClient(create_app(settings)) as client:
        yield client


@pytest.fixture(scope="module")
def round_id(app_client: TestClient) -> str:
    body = {"question_ids": [ROUND_QUESTION], "time_limit_s": 600}
    return str(app_client.post("/api/rounds", json=body).json()["id"])


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_body_case(case: dict[str, Any], app_client: TestClient, round_id: str) -> None:
    path = case["path"].replace("{question}", QUESTION).replace("{round}", round_id)
    response = app_client.post(path, content=_body(case), headers=_headers(case))
    assert response.status_code == case["status"], response.text
    if "code" not in case:
        return
    problem = response.json()
    assert response.headers["content-type"] == "application/problem+json"
    assert (problem["status"], problem["code"]) == (case["status"], case["code"])
    assert case.get("detail", "") in problem["detail"]


def test_case_names_are_unique() -> None:
    names = [c["name"] for c in CASES]
    assert len(set(names)) == len(names) >= 30


def _body(case: dict[str, Any]) -> bytes | Iterator[bytes]:
    text = case.get("body", "").replace("{question}", QUESTION)
    for key, (piece, times) in case.get("repeat", {}).items():
        text = text.replace("{" + key + "}", piece * times)
    body: bytes = text.encode(case.get("encoding", "utf-8"))
    if case.get("chunked"):
        return iter([body[i : i + 4096] for i in range(0, len(body), 4096)])
    return body


def _headers(case: dict[str, Any]) -> dict[str, str]:
    content_type = case.get("content_type", "application/json")
    return {"content-type": content_type} if content_type else {}
