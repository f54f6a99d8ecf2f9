"""Fuzz the API from its own OpenAPI schema against a started server: no 500s, and every
response matches the schema. (Driven with Hypothesis directly: schemathesis' pytest plugin does
not run under this pytest version.)"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
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
from tests.web.serving import Server, serving

SCHEMA = schemathesis.openapi.from_dict(create_app().openapi())
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
