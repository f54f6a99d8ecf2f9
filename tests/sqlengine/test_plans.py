"""Live DuckDB plans through the engine's workers: the profile, its parse, and the cache."""

from __future__ import annotations

import pytest

from app.plans.duckdb import parse_duckdb
from app.sqlengine.engine import SqlEngine
from app.sqlengine.errors import QueryRuntimeError, UnknownDatasetError
from app.sqlengine.plans import PlanCache, profile_text

JOIN = "SELECT c.name, o.qty FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.qty > 1"


def test_profile_of_a_join(engine: SqlEngine) -> None:
    plan = parse_duckdb(engine.explain_analyze("shop", JOIN))
    scans = {node.relation: node for node in plan.nodes() if node.relation}
    assert set(scans) == {"orders", "customers"}
    assert scans["orders"].actual_rows == 2  # the orders of 3 and 4 items
    assert any(node.operator == "HASH_JOIN" for node in plan.nodes())


def test_profile_is_kept(engine: SqlEngine) -> None:
    first = engine.explain_analyze("shop", JOIN + " AND o.id > 0")
    first["operator"] = "changed by the caller"
    again = engine.explain_analyze("shop", JOIN + " AND o.id > 0")
    assert again["operator"] != "changed by the caller"
    assert again["query"]["total_time"] == first["query"]["total_time"]  # one run, kept


def test_errors(engine: SqlEngine) -> None:
    with pytest.raises(QueryRuntimeError):
        engine.explain_analyze("shop", "SELECT nope FROM orders")
    with pytest.raises(UnknownDatasetError):
        engine.explain_analyze("nowhere", "SELECT 1")


def test_cache_drops_the_least_recently_used() -> None:
    cache = PlanCache(max_entries=2)
    for name in ("a", "b"):
        cache.put(("hash", name), f'{{"name": "{name}"}}')
    assert cache.get(("hash", "a")) == {"name": "a"}
    cache.put(("hash", "c"), '{"name": "c"}')
    assert cache.get(("hash", "b")) is None
    assert cache.get(("hash", "a")) == {"name": "a"}


def test_profile_text_needs_one_plan() -> None:
    assert profile_text([("analyzed_plan", "{}")]) == "{}"
    with pytest.raises(ValueError):
        profile_text([])
