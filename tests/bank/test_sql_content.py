"""The built-in SQL questions cover the SQL round at interview depth: enough questions per
topic and difficulty, each filed under one of the round's topics, and none a re-skin of
another (the same reference result on the same dataset)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import pytest

from app.catalog.models import DatasetInfo
from app.kinds.sql.models import SqlQuestion
from app.sqlengine.engine import SqlEngine
from app.sqlengine.execution.connection import Limits
from tests.sql_bank import sql_questions

# The first topic of a question is its place in the round; the least each must hold.
TOPIC_MINIMUMS = {
    "window functions": 18,
    "joins": 14,
    "aggregation": 12,
    "CTEs and recursion": 6,
    "dates and times": 8,
}
DIFFICULTY_SHARES = {"easy": (0.25, 0.35), "medium": (0.40, 0.50), "hard": (0.20, 0.30)}
QUESTIONS = sql_questions()


def test_the_bank_holds_at_least_seventy_sql_questions() -> None:
    assert len(QUESTIONS) >= 70


def test_every_question_is_filed_under_one_of_the_rounds_topics() -> None:
    misfiled = {qid: q.topics[:1] for qid, q in QUESTIONS.items() if _topic(q) is None}
    assert misfiled == {}


@pytest.mark.parametrize("topic", TOPIC_MINIMUMS)
def test_each_topic_has_its_share_of_questions(topic: str) -> None:
    counts = Counter(_topic(q) for q in QUESTIONS.values())
    assert counts[topic] >= TOPIC_MINIMUMS[topic], dict(counts)


@pytest.mark.parametrize("difficulty", DIFFICULTY_SHARES)
def test_difficulty_is_spread_about_thirty_forty_five_twenty_five(difficulty: str) -> None:
    low, high = DIFFICULTY_SHARES[difficulty]
    share = sum(q.difficulty == difficulty for q in QUESTIONS.values()) / len(QUESTIONS)
    assert low <= share <= high, f"{difficulty}: {share:.0%}"


@pytest.fixture(scope="module")
def full_engine(built_datasets: dict[str, DatasetInfo]) -> Iterator[SqlEngine]:
    limits = Limits(timeout_s=30.0, max_rows=100_000)
    with SqlEngine(built_datasets, workers=2, limits=limits) as engine:
        yield engine


def test_no_two_questions_on_a_dataset_share_a_reference_result(full_engine: SqlEngine) -> None:
    seen: dict[tuple[str, str], str] = {}
    twins: list[tuple[str, str]] = []
    for qid, question in sorted(QUESTIONS.items()):
        key = (question.dataset, _fingerprint(full_engine, question))
        if key in seen:
            twins.append((seen[key], qid))
        seen.setdefault(key, qid)
    assert twins == []


def _topic(question: SqlQuestion) -> str | None:
    first = question.topics[0] if question.topics else None
    return first if first in TOPIC_MINIMUMS else None


def _fingerprint(engine: SqlEngine, question: SqlQuestion) -> str:
    """The reference result as a multiset of rows, with its column count."""
    solution = question.solution
    result = engine.run(question.dataset, solution.sql, dialect=solution.dialect)
    assert not result.truncated, question.id
    return f"{len(result.columns)}:{sorted(repr(row) for row in result.rows)}"
