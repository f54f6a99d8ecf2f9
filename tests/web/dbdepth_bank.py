"""A bank for the database-depth pages' tests: the built-in SQL questions beside the fixture
questions of tests/fixtures/dbdepth_bank/ (one folder per kind, linked, not copied)."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.bank.loader import load_questions
from app.kinds.isolation.models import IsolationQuestion
from app.settings import Settings

FIXTURES = Path(__file__).parents[1] / "fixtures" / "dbdepth_bank"
ISOLATION_ID = "isolation-page-stock-decrement"
INDEX_ID = "index-page-session-timeline"


def dbdepth_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    root = tmp_path_factory.mktemp("dbdepth-state")
    bank = root / "bank"
    bank.mkdir()
    (bank / "sql").symlink_to(Settings().bank_dir / "sql")
    (bank / "captures").symlink_to(Settings().bank_dir / "captures")
    for kind in sorted(FIXTURES.iterdir()):
        (bank / kind.name).symlink_to(kind)
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
