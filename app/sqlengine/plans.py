"""Live DuckDB plans of trusted content SQL: the profile of `EXPLAIN (ANALYZE, FORMAT JSON)`,
kept in process per dataset content and SQL (a plan's shape and row counts do not change for
one dataset file; its timings would, run to run, so one run is kept)."""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from typing import Any

PROFILE_PREFIX = "EXPLAIN (ANALYZE, FORMAT JSON) "
PlanKey = tuple[str, str]  # the dataset's content hash, the SQL


class PlanCache:
    """Profiles as JSON text by key, the least recently used dropped past `max_entries`; every
    hit is a fresh copy, so no caller can change another's."""

    def __init__(self, max_entries: int = 256) -> None:
        self.max_entries = max_entries
        self._entries: OrderedDict[PlanKey, str] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: PlanKey) -> dict[str, Any] | None:
        with self._lock:
            text = self._entries.get(key)
            if text is not None:
                self._entries.move_to_end(key)
        return None if text is None else profile_of(text)

    def put(self, key: PlanKey, text: str) -> None:
        with self._lock:
            self._entries[key] = text
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)


def profile_of(text: str) -> dict[str, Any]:
    profile = json.loads(text)
    if not isinstance(profile, dict):
        raise ValueError("DuckDB's JSON profile is not an object")
    return profile


def profile_text(rows: list[tuple[Any, ...]]) -> str:
    """The JSON of EXPLAIN ANALYZE's one row ("analyzed_plan", json)."""
    if len(rows) != 1 or len(rows[0]) != 2:
        raise ValueError(f"EXPLAIN ANALYZE returned {len(rows)} rows, not one plan")
    return str(rows[0][1])
