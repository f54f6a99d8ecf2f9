"""The result cache: copies out, bounded by bytes, least recently used dropped first."""

from __future__ import annotations

import pickle

from app.sqlengine.cache import ResultCache


def _size(key: tuple[str, ...], value: object) -> int:
    return len(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)) + sum(map(len, key))


def test_hit_returns_an_equal_copy_and_a_miss_none() -> None:
    cache = ResultCache(1 << 20)
    rows = [[1, "a"], [2, "b"]]
    cache.put(("k",), rows)
    hit = cache.get(("k",))
    assert hit == rows and hit is not rows
    hit.append([3, "c"])
    assert cache.get(("k",)) == rows  # a caller's change never reaches the next hit
    assert cache.get(("other",)) is None
    assert (cache.hits, cache.misses) == (2, 1)


def test_bounded_by_bytes_dropping_the_least_recently_used() -> None:
    value = "x" * 1000
    entry = _size(("a",), value)
    cache = ResultCache(entry * 4)  # room for four entries, each a quarter of the budget
    for key in "abcd":
        cache.put((key,), value)
    assert cache.get(("a",)) == value  # "a" is now the most recently used
    cache.put(("e",), value)
    assert cache.get(("b",)) is None  # "b" was the least recently used
    assert all(cache.get((key,)) == value for key in "acde")
    assert cache.size_bytes == 4 * entry <= cache.max_bytes


def test_the_key_counts_towards_the_budget() -> None:
    key = ("q" * 5000,)
    cache = ResultCache(4 * _size(key, 1))
    cache.put(key, 1)
    assert cache.size_bytes == _size(key, 1) > 5000


def test_an_entry_larger_than_a_quarter_of_the_budget_is_not_kept() -> None:
    cache = ResultCache(4000)
    cache.put(("small",), "s")
    cache.put(("big",), "x" * 1001)
    assert cache.get(("big",)) is None and cache.get(("small",)) == "s"


def test_replacing_a_key_keeps_the_size_right() -> None:
    cache = ResultCache(1 << 20)
    cache.put(("k",), "x" * 100)
    cache.put(("k",), "y")
    assert len(cache) == 1 and cache.size_bytes == _size(("k",), "y")


def test_zero_bytes_turns_the_cache_off() -> None:
    cache = ResultCache(0)
    cache.put(("k",), 1)
    assert cache.get(("k",)) is None and len(cache) == 0
