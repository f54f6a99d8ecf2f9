"""A bounded cache of query results and judgements, least recently used dropped first.

Entries are kept pickled: their size in bytes is then exact (the budget is in bytes, not in
entries, because one result may be a hundred bytes or megabytes), and every hit hands out a
fresh copy that no caller can change for the next. Thread-safe: the server calls the engine
from many threads at once.
"""

from __future__ import annotations

import pickle
import threading
from collections import OrderedDict
from typing import Any

CacheKey = tuple[str, ...]
LARGEST_SHARE = 4  # an entry may take at most a quarter of the budget: no single result evicts all


class ResultCache:
    """Pickled values by key within `max_bytes` (0 turns the cache off)."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.size_bytes = 0
        self.hits = 0
        self.misses = 0
        self._entries: OrderedDict[CacheKey, bytes] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: CacheKey) -> Any | None:
        """A copy of the value stored under `key`, or None."""
        if not self.max_bytes:
            return None
        with self._lock:
            payload = self._entries.get(key)
            if payload is None:
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
        return pickle.loads(payload)

    def put(self, key: CacheKey, value: object) -> None:
        """Store `value` unless it is too large for the budget; drop the oldest entries to fit."""
        if not self.max_bytes:
            return
        payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        size = _entry_bytes(key, payload)
        if size > self.max_bytes // LARGEST_SHARE:
            return
        with self._lock:
            if key in self._entries:
                self.size_bytes -= _entry_bytes(key, self._entries.pop(key))
            self._entries[key] = payload
            self.size_bytes += size
            while self.size_bytes > self.max_bytes:
                oldest, dropped = self._entries.popitem(last=False)
                self.size_bytes -= _entry_bytes(oldest, dropped)

    def __len__(self) -> int:
        return len(self._entries)


def _entry_bytes(key: CacheKey, payload: bytes) -> int:
    """The payload and the key's text (a key holds the query, up to 20,000 characters)."""
    return len(payload) + sum(len(part) for part in key)
