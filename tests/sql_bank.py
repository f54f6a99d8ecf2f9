"""SQL questions loaded as SqlQuestion, for tests that read their solutions and wrong answers."""

from __future__ import annotations

from pathlib import Path

from app.bank.loader import load_questions
from app.kinds.defaults import default_kinds
from app.kinds.sql.models import SqlQuestion
from app.settings import Settings


def sql_questions(*folders: Path) -> dict[str, SqlQuestion]:
    """Every SQL question below `folders` (the built-in bank when none is given), beside which
    there may be questions of any kind."""
    models = default_kinds().question_models()
    bank = load_questions(folders or [Settings().bank_dir], models)
    return {qid: q for qid, q in bank.questions.items() if isinstance(q, SqlQuestion)}
