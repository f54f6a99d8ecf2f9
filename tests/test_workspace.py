"""JSON-ready values: the fast path for rows agrees with the general walk."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

from app.workspace import json_rows, jsonable


def test_rows_become_the_same_json_as_through_the_general_walk() -> None:
    rows = [
        (1, "a", None, True, 2.5, Decimal("1.10"), dt.date(2024, 1, 31), dt.datetime(2024, 1, 1)),
        (2, "b", [dt.time(12, 0)], False, -0.0, dt.timedelta(days=1, hours=2), uuid.UUID(int=7), 0),
    ]
    assert json_rows(rows) == jsonable(rows)
    assert json_rows(rows)[0][5:] == ["1.10", "2024-01-31", "2024-01-01T00:00:00"]
