"""`drill bank check`: every question's content proven by its kind's own checks."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from app.bank.loader import Bank, ContentProblem

Check = Callable[[Any, Path], list[ContentProblem]]


def check_bank(
    bank: Bank, checks: Mapping[str, Check], progress: Callable[[str], None] = print
) -> list[ContentProblem]:
    """Every problem found in `bank`, each question checked by its kind's checks; an empty
    list means the content is sound."""
    problems: list[ContentProblem] = []
    for question_id, question in sorted(bank.questions.items()):
        source = bank.sources[question_id]
        check = checks.get(question.kind)
        found = check(question, source) if check else [_unchecked(source, question.kind)]
        progress(f"{'ok  ' if not found else 'FAIL'} {question_id}")
        problems.extend(found)
    return problems


def _unchecked(source: Path, kind: str) -> ContentProblem:
    return ContentProblem(source, "kind", f"no content checks for kind {kind!r}")
