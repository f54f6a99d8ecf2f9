"""The grader reads the casts PostgreSQL adds itself away only on the columns the question's
dataset declares text or varchar: the served grader and the content check find them through
the before capture."""

from __future__ import annotations

from pathlib import Path

from app.kinds.index.answer import IndexAnswer
from app.kinds.index.columns import question_text_columns, text_columns
from app.kinds.index.grader import IndexGrader, grade_index
from app.settings import Settings
from tests.kinds.index.support import BANK, bank_questions

DATASETS = Settings().datasets_dir

PLAN_SPELLINGS = {
    "index-login-email": "CREATE INDEX ON customers (lower((email)::text))",
    "index-pending-transfers": (
        "CREATE INDEX ON transfers (created_at) WHERE (status)::text = 'pending'::text"
    ),
}


def test_the_text_columns_come_from_the_dataset_schema() -> None:
    question = bank_questions()["index-login-email"]
    found = question_text_columns(question, BANK / "captures", DATASETS)
    assert "email" in found and "customer_id" not in found


def test_without_the_before_capture_there_are_none(tmp_path: Path) -> None:
    question = bank_questions()["index-login-email"]
    assert question_text_columns(question, tmp_path, DATASETS) == frozenset()


def test_only_text_and_unbounded_casts_count_as_text() -> None:
    columns = [
        {"name": "email", "type": "varchar(255)"},
        {"name": "note", "type": "text"},
        {"name": "code", "type": "char(3)"},
        {"name": "tags", "type": "text[]"},
        {"name": "user_id", "type": "integer"},
        {"name": "derived", "type": ""},
    ]
    assert text_columns(columns) == {"email", "note"}


def test_the_served_grader_accepts_the_plans_own_spelling() -> None:
    grader = IndexGrader(BANK / "captures", DATASETS)
    questions = bank_questions()
    for name, sql in PLAN_SPELLINGS.items():
        outcome = grader.grade(questions[name], IndexAnswer(sql=sql), client=None)
        assert outcome.status == "correct", (name, outcome.details)


def test_a_column_cast_counts_only_on_a_text_column() -> None:
    """Without the column types, email::text could be any cast: it is not read away."""
    question = bank_questions()["index-login-email"]
    outcome = grade_index(question, PLAN_SPELLINGS["index-login-email"])
    assert [f["code"] for f in outcome.details["findings"]] == ["expression"]
