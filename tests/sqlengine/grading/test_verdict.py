"""Verdicts end to end, and the reference cache keyed by dataset version."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from app.catalog.models import DatasetInfo
from app.sqlengine.engine import SqlEngine
from app.sqlengine.errors import QuestionBrokenError
from app.sqlengine.grading.compare import GradingPolicy, Ordering, ResultSet
from app.sqlengine.grading.verdict import Grader, Reference, Status

NAMES = Reference("shop", "SELECT name FROM customers", "postgres", GradingPolicy())


def test_verdicts(engine: SqlEngine) -> None:
    grader = Grader(engine)
    assert grader.grade(NAMES, "SELECT c.name FROM customers c ORDER BY 1 DESC").status == "correct"
    wrong = grader.grade(NAMES, "SELECT name FROM customers WHERE city = 'Oslo'")
    assert wrong.status == Status.INCORRECT and wrong.codes == ["missing_rows"]
    assert wrong.row_count == 2 and wrong.expected_row_count == 4
    assert wrong.result is not None and len(wrong.result.rows) == 2
    assert any("Row order does not matter" in rule for rule in wrong.policy)


def test_errors_become_verdicts(engine: SqlEngine) -> None:
    grader = Grader(engine)
    cases = {
        "SELECT nme FROM customers": Status.ERROR,
        "SELEC name FROM customers": Status.ERROR,
        "DELETE FROM customers": Status.REJECTED,
        "SELECT length(repeat('x', 2000000000))": Status.TIMEOUT,
        "SELECT * FROM generate_series(1, 100)": Status.TOO_MANY_ROWS,
    }
    for sql, status in cases.items():
        verdict = grader.grade(NAMES, sql, "duckdb" if "repeat" in sql else "postgres")
        assert verdict.status == status, sql
        assert verdict.error or verdict.diagnostics


def test_ordered_reference(engine: SqlEngine) -> None:
    ordered = Reference(
        "shop",
        "SELECT name FROM customers ORDER BY name",
        "postgres",
        GradingPolicy(ordering=Ordering.ORDERED),
    )
    grader = Grader(engine)
    assert grader.grade(ordered, "SELECT name FROM customers ORDER BY name DESC").codes == [
        "wrong_order"
    ]


def test_reference_results_are_cached_on_disk_per_dataset_version(
    shop: DatasetInfo, tmp_path: Path
) -> None:
    with SqlEngine({"shop": shop}, workers=1) as engine:
        grader = Grader(engine, tmp_path)
        assert grader.grade(NAMES, "SELECT name FROM customers").status == "correct"
        cached = tmp_path / f"{grader.reference_key(NAMES)}.pickle"
        assert pickle.loads(cached.read_bytes()).rows  # the reference result was stored
        cached.write_bytes(pickle.dumps(ResultSet(["name"], [("Zed",)], ("VARCHAR",))))
    with SqlEngine({"shop": shop}, workers=1) as engine:
        # a new process reads the stored result instead of running the reference again
        verdict = Grader(engine, tmp_path).grade(NAMES, "SELECT 'Zed' AS name")
        assert verdict.status == "correct"
    newer = shop.model_copy(update={"content_hash": "test-v2"})
    with SqlEngine({"shop": newer}, workers=1) as engine:
        # a new dataset version has a new key: the reference runs again
        assert Grader(engine, tmp_path).grade(NAMES, "SELECT 'Zed' AS name").status != "correct"


def test_a_reference_file_of_an_older_layout_is_computed_again(
    shop: DatasetInfo, tmp_path: Path
) -> None:
    """A file pickled when ResultSet lived in app.sqlengine.compare does not load: a miss."""
    wrong = pickle.dumps(ResultSet(["name"], [("Zed",)], ("VARCHAR",)), protocol=0)
    old_layout = wrong.replace(b"app.sqlengine.grading.compare", b"app.sqlengine.compare")
    with SqlEngine({"shop": shop}, workers=1) as engine:
        grader = Grader(engine, tmp_path)
        cached = tmp_path / f"{grader.reference_key(NAMES)}.pickle"
        cached.write_bytes(old_layout)
        assert grader.grade(NAMES, "SELECT name FROM customers").status == "correct"
    assert pickle.loads(cached.read_bytes()).rows != [("Zed",)]  # stored again, in this layout


@pytest.mark.parametrize(
    "reference_sql",
    [
        "SELECT count(*) / (count(*) - count(*)) FROM customers",  # fails when it runs
        "SELECT name FROM customers WHERE name SIMILAR TO city",  # cannot be translated
        "SELECT nme FROM customers",  # DuckDB refuses it
    ],
)
def test_a_failing_reference_is_the_questions_fault(engine: SqlEngine, reference_sql: str) -> None:
    broken = Reference("shop", reference_sql, "postgres", GradingPolicy())
    with pytest.raises(QuestionBrokenError) as raised:
        Grader(engine).grade(broken, "SELECT name FROM customers")
    assert raised.value.code == "question_broken"
    assert raised.value.message.startswith("This question is broken, not your answer.")
    assert "not graded and not recorded" in raised.value.message
