"""Decode type-tagged JSON cells used by test fixtures (the fidelity corpus uses the same tags)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any


def decode(cell: Any) -> Any:
    """A fixture cell as the Python value DuckDB or PostgreSQL would return."""
    if isinstance(cell, list):
        return [decode(c) for c in cell]
    if not isinstance(cell, dict):
        return cell
    ((tag, value),) = cell.items()
    return DECODERS[tag](value)


def _interval(parts: dict[str, int]) -> dt.timedelta:
    days = parts["months"] * 30 + parts["days"]
    return dt.timedelta(days=days, microseconds=parts["microseconds"])


DECODERS: dict[str, Any] = {
    "decimal": Decimal,
    "date": dt.date.fromisoformat,
    "timestamp": dt.datetime.fromisoformat,
    "timestamptz": dt.datetime.fromisoformat,
    "float": float,
    "interval": _interval,
    "array": lambda items: [decode(c) for c in items],
}


def decode_row(row: list[Any]) -> tuple[Any, ...]:
    return tuple(decode(c) for c in row)
