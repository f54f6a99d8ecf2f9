"""A bank for the database-depth pages' tests: the built-in SQL questions beside the fixture
questions of tests/fixtures/dbdepth_bank/ (one folder per kind, linked, not copied)."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.bank.loader import load_questions
from app.kinds.isolation.models import IsolationQuestion
from app.settings import Settings

FIXTURES = Path(__file__).parents[1] / "fixtures" / "dbdepth_bank"
# Recorded plans: the bank's own, the explain kind's test capture and this bank's own.
PLAN_CAPTURES = [
    Settings().bank_dir / "captures" / "plans",
    Path(__file__).parents[1] / "fixtures" / "explain" / "bank" / "captures" / "plans",
    FIXTURES / "captures" / "plans",
]
KINDS = ("explain", "index", "isolation")
ISOLATION_ID = "isolation-page-stock-decrement"
INDEX_ID = "index-page-session-timeline"
EXPLAIN_ID = "explain-page-paid-by-country"
LIVE_EXPLAIN_ID = "explain-page-live-shop"
LOOP_EXPLAIN_ID = "explain-page-correlated-loop"


def dbdepth_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    root = tmp_path_factory.mktemp("dbdepth-state")
    bank = root / "bank"
    bank.mkdir()
    (bank / "sql").symlink_to(Settings().bank_dir / "sql")
    plans = bank / "captures" / "plans"
    plans.mkdir(parents=True)
    for capture in sorted(path for folder in PLAN_CAPTURES for path in folder.glob("*.json")):
        (plans / capture.name).symlink_to(capture)
    (bank / "captures" / "isolation").symlink_to(FIXTURES / "captures" / "isolation")
    for kind in KINDS:
        (bank / kind).symlink_to(FIXTURES / kind)
    return Settings(
        database_url=f"sqlite:///{root / 'drill.sqlite3'}",
        bank_dir=bank,
        max_body_bytes=64 * 1024,
        query_timeout_s=60.0,
    )


def isolation_question() -> IsolationQuestion:
    """The fixture isolation question, as the bank loads it."""
    bank = load_questions([FIXTURES / "isolation"], {"isolation": IsolationQuestion})
    question = bank.questions[ISOLATION_ID]
    assert isinstance(question, IsolationQuestion)
    return question


def options(question: IsolationQuestion, ask_id: str) -> tuple[str, list[str]]:
    """An ask's right option and the others, in the words the page shows."""
    ask = next(ask for ask in question.asks if ask.id == ask_id)
    right = question.right_option(ask)
    return right, [text for text in question.option_texts(ask) if text != right]
