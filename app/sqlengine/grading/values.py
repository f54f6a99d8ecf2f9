"""Canonical forms of result cells, so that results compare by value and not by type or text.

Integers, decimals and floats are numbers; a date equals the timestamp at its midnight; an aware
timestamp is compared in UTC; NULL is its own value (never equal to '' or 0).
"""

from __future__ import annotations

import datetime as dt
import math
import uuid
from decimal import Decimal
from typing import Any

Cell = Any
Key = tuple[Any, ...]
NUMBER = "n"
KEY_DIGITS = 9  # exact keys agree to 1e-9; looser tolerances are matched pairwise


def is_number(value: object) -> bool:
    return isinstance(value, (int, float, Decimal)) and not isinstance(value, bool)


def cell_key(value: Cell) -> Key:
    """A hashable, type-insensitive key for one cell."""
    kind = type(value)
    if kind is str:
        return ("s", value)
    if kind is int:
        return (NUMBER, float(value)) if abs(value) < 2**53 else (NUMBER, round(float(value)))
    if value is None:
        return ("null",)
    if isinstance(value, bool):
        return ("bool", value)
    if is_number(value):
        number = float(value)
        return (NUMBER, "nan") if math.isnan(number) else (NUMBER, round(number, KEY_DIGITS))
    return _non_numeric_key(value)


def _non_numeric_key(value: Cell) -> Key:
    if isinstance(value, dt.datetime):
        return ("ts", _naive_utc(value))
    if isinstance(value, dt.date):
        return ("ts", dt.datetime(value.year, value.month, value.day))
    if isinstance(value, dt.timedelta):
        return ("interval", round(value.total_seconds(), 6))
    if isinstance(value, (list, tuple)):
        return ("list", tuple(cell_key(v) for v in value))
    if isinstance(value, dict):
        return ("struct", tuple((k, cell_key(v)) for k, v in sorted(value.items())))
    if isinstance(value, uuid.UUID):
        return ("s", str(value))
    return (type(value).__name__ if not isinstance(value, str) else "s", value)


def _naive_utc(value: dt.datetime) -> dt.datetime:
    if value.tzinfo is None:
        return value
    return value.astimezone(dt.UTC).replace(tzinfo=None)


def row_key(row: tuple[Cell, ...]) -> Key:
    return tuple(cell_key(v) for v in row)


def skeleton(key: Key) -> Key:
    """The row key with its numbers blanked: rows that may match within a tolerance share it."""
    return tuple((NUMBER,) if cell[0] == NUMBER else cell for cell in key)


def close_enough(a: Key, b: Key, tolerance: float) -> bool:
    """Whether two row keys are equal, numbers within `tolerance` (absolute, or 1e-9 relative)."""
    return len(a) == len(b) and all(
        _cells_close(x, y, tolerance) for x, y in zip(a, b, strict=True)
    )


def _cells_close(x: Key, y: Key, tolerance: float) -> bool:
    if x[0] == NUMBER and y[0] == NUMBER and "nan" not in (x[1], y[1]):
        return math.isclose(x[1], y[1], rel_tol=1e-9, abs_tol=tolerance)
    return x == y


def show(value: Cell) -> str:
    """A cell as people read it in a diagnostic."""
    if value is None:
        return "NULL"
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return interval_text(value)
    return str(value)


def interval_text(value: dt.timedelta) -> str:
    """An interval as PostgreSQL prints it: '1 day 14:15:44.410257', '3 days', '00:05:00'."""
    if value < dt.timedelta(0):
        return "-" + interval_text(-value)
    days, rest = value.days, value - dt.timedelta(days=value.days)
    hours, remainder = divmod(rest.seconds, 3600)
    clock = f"{hours:02d}:{remainder // 60:02d}:{remainder % 60:02d}"
    clock += f".{rest.microseconds:06d}" if rest.microseconds else ""
    day_text = f"{days} day{'s' if days != 1 else ''}" if days else ""
    if day_text and clock == "00:00:00":
        return day_text
    return f"{day_text} {clock}".strip()


def show_row(row: tuple[Cell, ...]) -> str:
    return "(" + ", ".join(show(v) for v in row) + ")"
