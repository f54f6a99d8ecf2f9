"""Every built-in SQL question's reference solution gives PostgreSQL 15's answer.

The datasets are loaded into the local PostgreSQL from the same generators as the DuckDB files
(tools/plan_datasets.py); each reference runs on both, and PostgreSQL's result must pass the
question's own grading against the engine's. Loading the million events takes a few seconds,
hence the slow mark; CI runs it, and fails rather than skips without PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from psycopg import sql

from app.catalog.models import DatasetInfo
from app.kinds.sql.models import SqlQuestion
from app.sqlengine.engine import SqlEngine
from app.sqlengine.execution.connection import Limits
from app.sqlengine.grading.compare import ResultSet
from app.sqlengine.grading.diagnose import diagnose
from tests.catalog.support import postgres_or_skip, quiet
from tests.sql_bank import sql_questions
from tools.capture_plans import connect
from tools.plan_datasets import Connection, load_dataset, recreate_database

DATABASE = "drill_references_test"
QUESTIONS = {qid: q for qid, q in sql_questions().items() if q.solution.dialect == "postgres"}
MAX_ROWS = 1_000_000

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def postgres() -> Iterator[Connection]:
    postgres_or_skip().close()
    with connect("postgres") as admin:
        recreate_database(admin, DATABASE)
    with connect(DATABASE) as conn:
        for dataset in sorted({question.dataset for question in QUESTIONS.values()}):
            load_dataset(conn, dataset, progress=quiet)
        conn.execute("SET TimeZone = 'UTC'")
        yield conn
    with connect("postgres") as admin:
        admin.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(DATABASE)))


@pytest.fixture(scope="module")
def engine(built_datasets: dict[str, DatasetInfo]) -> Iterator[SqlEngine]:
    limits = Limits(timeout_s=30.0, max_rows=MAX_ROWS)
    with SqlEngine(built_datasets, workers=1, limits=limits) as engine:
        yield engine


def postgres_result(conn: Connection, question: SqlQuestion) -> ResultSet:
    conn.execute(sql.SQL("SET search_path = {}").format(sql.Identifier(question.dataset)))
    cursor = conn.execute(question.solution.sql.encode())
    rows: list[tuple[Any, ...]] = cursor.fetchall()
    return ResultSet([column.name for column in cursor.description or []], rows)


def test_the_bank_has_references_to_compare() -> None:
    assert len(QUESTIONS) >= 10


@pytest.mark.parametrize("question_id", sorted(QUESTIONS))
def test_reference_gives_postgres_answer(
    question_id: str, postgres: Connection, engine: SqlEngine
) -> None:
    question = QUESTIONS[question_id]
    ours = engine.run(question.dataset, question.solution.sql, max_rows=MAX_ROWS)
    assert not ours.truncated
    expected = ResultSet([column.name for column in ours.columns], list(ours.rows))
    found = diagnose(expected, postgres_result(postgres, question), question.grading.policy())
    assert [d.message for d in found] == []
