"""Fuzz the API from its own OpenAPI schema against a started server: no 500s, and every
response matches the schema. (Driven with Hypothesis directly: schemathesis' pytest plugin does
not run under this pytest version.) Then fuzz the body layer in-process: arbitrary bytes, JSON
and headers at every POST route get a success or a documented problem, never anything else."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx2
import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import Case
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.core.result import Ok

from app.catalog.models import DatasetInfo
from app.main import create_app
from app.settings import Settings
from tests.web.serving import Server, serving

OPENAPI = create_app().openapi()
SCHEMA = schemathesis.openapi.from_dict(OPENAPI)
# No 500s, and status, content type and body as documented. Not "positive data is accepted":
# valid-looking input may still break a rule (a recipe no question matches, an unknown round).
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
OPERATIONS = [
    (result.ok().path, result.ok().method)
    for result in SCHEMA.get_all_operations()
    if isinstance(result, Ok) and result.ok().path != "/metrics"  # Prometheus text, not JSON
]


@pytest.fixture(scope="module")
def live_server(
    tmp_path_factory: pytest.TempPathFactory, built_datasets: dict[str, DatasetInfo]
) -> Iterator[Server]:
    with serving(tmp_path_factory.mktemp("fuzz") / "state.sqlite3") as running:
        yield running


@pytest.mark.parametrize(("path", "method"), OPERATIONS)
def test_api_never_fails_and_keeps_its_schema(live_server: Server, path: str, method: str) -> None:
    operation = SCHEMA[path][method]

    @settings(
        max_examples=30, deadline=None, database=None, suppress_health_check=list(HealthCheck)
    )
    @given(case=operation.as_strategy())
    def check(case: Case[Any]) -> None:
        case.call_and_validate(base_url=live_server.base, timeout=30, checks=CHECKS)

    check()


def test_every_operation_is_fuzzed() -> None:
    assert len(OPERATIONS) >= 10


QUESTION = "shop-customers-who-never-ordered"
FIELDS = ["dataset", "sql", "dialect", "question_id", "round_id", "question_ids", "count", "topics"]
FIELDS += ["difficulty", "time_limit_s"]
TEXT = st.text(st.characters(categories=["L", "N", "P", "S", "Zs", "Cc", "Cs"]), max_size=30)
LEAVES = st.none() | st.booleans() | st.integers() | st.floats() | TEXT
LEAVES |= st.sampled_from(["shop", "SELECT 1", QUESTION, "postgres", 600])
JSON_VALUES = st.recursive(
    LEAVES,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4),
    max_leaves=12,
)
BODIES = st.one_of(
    st.binary(max_size=200),
    JSON_VALUES.map(json.dumps),
    st.dictionaries(st.sampled_from(FIELDS), JSON_VALUES, max_size=5).map(json.dumps),
    st.integers(0, 3000).map(lambda n: "[" * n + "]" * n),
).map(lambda body: body if isinstance(body, bytes) else body.encode("utf-8", "surrogatepass"))
HEADER_TEXT = st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=40)
JSON_TYPES = st.sampled_from(["application/json", "application/json; charset=utf-8"])
OTHER_TYPES = st.sampled_from(["text/plain", "application/x-www-form-urlencoded", "text/json"])
CONTENT_TYPES = st.one_of(JSON_TYPES, JSON_TYPES, JSON_TYPES, OTHER_TYPES, st.none(), HEADER_TEXT)
POSTS = [(path, method) for path, method in OPERATIONS if method.lower() == "post"]


@pytest.fixture(scope="module")
def body_client(
    tmp_path_factory: pytest.TempPathFactory, built_datasets: dict[str, DatasetInfo]
) -> Iterator[TestClient]:
    state = tmp_path_factory.mktemp("body-fuzz") / "state.sqlite3"
    with TestClient(create_app(Settings(database_url=f"sqlite:///{state}", query_workers=1))) as c:
        yield c


@pytest.mark.parametrize(("path", "method"), POSTS)
def test_any_body_gets_a_success_or_a_documented_problem(
    body_client: TestClient, readme: str, path: str, method: str
) -> None:
    documented = {int(status) for status in OPENAPI["paths"][path][method.lower()]["responses"]}
    target = path.replace("{question_id}", QUESTION).replace("{round_id}", _round(body_client))

    @settings(max_examples=100, deadline=None, database=None, derandomize=True)
    @given(body=BODIES, content_type=CONTENT_TYPES, chunked=st.booleans())
    def check(body: bytes, content_type: str | None, chunked: bool) -> None:
        headers = {"content-type": content_type} if content_type is not None else {}
        content = iter([body]) if chunked else body
        response = body_client.post(target, content=content, headers=headers)
        _keeps_the_contract(response, documented, readme)

    check()


def test_every_post_route_is_fuzzed_for_bodies() -> None:
    assert len(POSTS) >= 6


def _round(client: TestClient) -> str:
    body = {"question_ids": ["org-paid-more-than-manager"], "time_limit_s": 600}
    return str(client.post("/api/rounds", json=body).json()["id"])


def _keeps_the_contract(response: httpx2.Response, documented: set[int], readme: str) -> None:
    """A success, or a problem+json whose status the route documents and whose code the
    README lists; never a server error."""
    status = response.status_code
    assert status < 500, response.text
    if status < 400:
        return
    assert status in documented, response.text
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    listed = f"`{problem['code']}`" in readme
    assert problem["status"] == status and listed, problem
