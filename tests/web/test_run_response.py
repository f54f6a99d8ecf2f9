"""The run route writes its answer itself: the bytes are those of the RunResponse model."""

from __future__ import annotations

import datetime as dt
import decimal
import uuid

from app.sqlengine.execution.results import ColumnMeta, QueryResult
from app.web.api_sql import run_response
from app.web.schemas import RunResponse
from app.workspace import json_rows

ROWS: list[tuple[object, ...]] = [
    (1, decimal.Decimal("265.41"), dt.datetime(2024, 2, 23, 8, 28, 15, 120), 'é ✓ "q" \\'),
    (2**70, decimal.Decimal("-0.000"), dt.date(2024, 1, 1), None),
    (True, float("nan"), dt.timedelta(days=3, seconds=5), uuid.UUID(int=7)),
    (-3, float("inf"), dt.time(23, 59, 1), 1e-310),
]


def test_the_bytes_are_those_of_the_validated_model() -> None:
    columns = [ColumnMeta(name, kind) for name, kind in zip("abcd", ["x"] * 4, strict=True)]
    result = QueryResult(columns, ROWS, truncated=True, elapsed_ms=8.12345)
    model = RunResponse.model_validate(
        {
            "columns": [{"name": c.name, "type": c.type} for c in columns],
            "rows": json_rows(ROWS),
            "truncated": True,
            "elapsed_ms": 8.123,
            "cached": False,
        }
    )
    response = run_response(result)
    assert response.body == model.model_dump_json().encode()
    assert response.media_type == "application/json"
