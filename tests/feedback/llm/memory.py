"""The feedback service's cache and budget in memory, for tests of the service alone (the
store's own are tested in tests/store/test_llm_repository.py)."""

from __future__ import annotations

from typing import Any

from app.feedback.llm.service import CacheEntry


class MemoryCache:
    def __init__(self) -> None:
        self.entries: dict[str, CacheEntry] = {}

    def get(self, key: str) -> dict[str, Any] | None:
        entry = self.entries.get(key)
        return None if entry is None else entry.result

    def put(self, key: str, entry: CacheEntry) -> None:
        self.entries.setdefault(key, entry)


class MemoryBudget:
    def __init__(self, used: int = 0) -> None:
        self.used = used

    def used_today(self) -> int:
        return self.used

    def spend(self, tokens: int) -> None:
        self.used += tokens
