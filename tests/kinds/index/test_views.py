"""What an index question shows: before answering, the query, the slow plan, the statistics and
the table's columns, never the reference; once solved, the reference, the plan with it and a
comparison computed from the two captures."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from app.kinds.index.captures import CaptureError, comparison
from app.kinds.index.kind import INDEX, public_view, solution_view
from app.kinds.registry import Services
from app.plans.model import Plan, PlanNode
from app.settings import Settings
from app.sqlengine.engine import SqlEngine
from tests.kinds.index.support import bank_questions

QUESTIONS = bank_questions()


@pytest.mark.parametrize("question_id", sorted(QUESTIONS))
def test_the_public_view_shows_the_slow_plan_and_not_the_answer(question_id: str) -> None:
    question = QUESTIONS[question_id]
    view = public_view(question)
    text = json.dumps(view)
    assert view["query"] == question.query and view["engine"] == "postgres"
    operators = [node["operator"] for node in _nodes(view["plan"]["root"])]
    assert "Seq Scan" in operators
    assert view["table_statistics"]["rows"] and view["columns"]
    assert question.after not in text and "reference" not in view
    assert question.reference.sql not in text


def test_the_public_view_gives_the_columns_and_statistics_of_the_table() -> None:
    view = public_view(QUESTIONS["index-session-timeline"])
    columns = {column["name"]: column for column in view["columns"]}
    assert columns["session_id"]["references"] == "sessions"
    assert columns["event_id"]["primary_key"] and not columns["event_id"]["nullable"]
    stats = {c["column"]: c for c in view["table_statistics"]["columns"]}
    assert view["table_statistics"]["rows"] == 1_095_689
    assert stats["session_id"]["correlation"] == pytest.approx(1.0)


def test_a_derived_table_has_the_columns_its_setup_gives() -> None:
    columns = public_view(QUESTIONS["index-cart-product-json"])["columns"]
    assert {c["name"]: c["type"] for c in columns}["properties"] == "jsonb"


def test_a_negative_n_distinct_is_shown_as_a_count() -> None:
    stats = public_view(QUESTIONS["index-latest-transfers"])["table_statistics"]
    assert {c["column"]: c["distinct"] for c in stats["columns"]}["created_at"] == 59_928


def test_the_solution_view_compares_the_two_captures() -> None:
    question = QUESTIONS["index-latest-transfers"]
    solution = solution_view(question)
    reference = solution["reference"]
    assert reference["sql"] == question.reference.sql
    assert re.fullmatch(
        r"from [\d.]+ ms to [\d.]+ ms \(about [\d.]+ times faster\): Seq Scan on transfers "
        r"became Index Scan using transfers_from_account_id_created_at_idx on transfers",
        reference["comparison"],
    ), reference["comparison"]
    assert reference["plan"]["root"]["children"][0]["index"] == (
        "transfers_from_account_id_created_at_idx"
    )
    assert solution["explanation"] == question.explanation


def _plan(execution_ms: float, scan: PlanNode) -> Plan:
    return Plan(engine="postgres", root=scan, execution_ms=execution_ms)


def test_the_comparison_gives_both_times_the_ratio_and_both_reads() -> None:
    before = _plan(812.4, PlanNode(id="0", operator="Seq Scan", relation="orders"))
    after = _plan(
        0.9, PlanNode(id="0", operator="Index Scan", relation="orders", index="orders_idx")
    )
    assert comparison(before, after, "orders") == (
        "from 812.4 ms to 0.9 ms (about 900 times faster): Seq Scan on orders became "
        "Index Scan using orders_idx on orders"
    )


def test_a_bitmap_scan_names_the_index_it_goes_through() -> None:
    comparison = solution_view(QUESTIONS["index-events-week-brin"])["reference"]["comparison"]
    assert comparison.endswith(
        "Seq Scan on events became Bitmap Heap Scan on events (via events_occurred_at_brin)"
    )


def _nodes(node: dict[str, object]) -> list[dict[str, object]]:
    children = node.get("children") or []
    assert isinstance(children, list)
    return [node] + [n for child in children for n in _nodes(child)]


def test_the_bound_kind_reads_the_workspace_captures(engine: SqlEngine, tmp_path: Path) -> None:
    question = QUESTIONS["index-login-email"]
    (tmp_path / "plans").mkdir()
    for name in (question.before, question.after):
        shutil.copy(Settings().bank_dir / "captures" / "plans" / f"{name}.json", tmp_path / "plans")
    assert INDEX.bind is not None
    bound = INDEX.bind(Services(engine, captures_dir=tmp_path))
    assert bound.public_view(question)["table"] == "customers"
    (tmp_path / "plans" / f"{question.before}.json").unlink()
    with pytest.raises(CaptureError, match="no capture"):
        bound.public_view(question)
