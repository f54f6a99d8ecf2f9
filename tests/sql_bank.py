"""SQL questions loaded as SqlQuestion, for tests that read their solutions and wrong answers."""

from __future__ import annotations

from pathlib import Path

from app.bank.loader import load_questions
from app.kinds.sql.models import SqlQuestion
from app.settings import Settings


def sql_questions(*folders: Path) -> dict[str, SqlQuestion]:
    """Every SQL question below `folders` (the built-in bank when none is given); a bank root
    (a folder with a `sql` folder of its own) is read through that folder only."""
    roots = folders or (Settings().bank_dir,)
    bank = load_questions([_sql_folder(root) for root in roots], {"sql": SqlQuestion})
    return {qid: q for qid, q in bank.questions.items() if isinstance(q, SqlQuestion)}


def _sql_folder(folder: Path) -> Path:
    return folder / "sql" if (folder / "sql").is_dir() else folder
