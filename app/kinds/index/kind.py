"""The index kind as the core plugs it in."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from app.kinds.index.answer import IndexAnswer
from app.kinds.index.check import IndexChecker
from app.kinds.index.grader import make_grader
from app.kinds.index.models import IndexQuestion
from app.kinds.index.views import public_details, solution_details
from app.kinds.registry import Checker, Kind, Services, builtin_captures
from app.settings import Settings


def make_checker(services: Services) -> Checker[IndexQuestion]:
    return IndexChecker(services.captures())


def public_view(question: IndexQuestion, captures: Path | None = None) -> dict[str, Any]:
    """The query, its slow plan, the statistics and the table's columns; never the answer."""
    folder = captures or builtin_captures()
    return public_details(question, folder, Settings().datasets_dir)


def solution_view(question: IndexQuestion, captures: Path | None = None) -> dict[str, Any]:
    return solution_details(question, captures or builtin_captures())


def bind(services: Services) -> Kind[IndexQuestion, IndexAnswer]:
    """The kind reading the captures of the workspace's bank."""
    captures = services.captures()
    return dataclasses.replace(
        INDEX,
        public_view=lambda question: public_view(question, captures),
        solution_view=lambda question: solution_view(question, captures),
    )


def rules(question: IndexQuestion) -> list[str]:
    return [
        "Answer with one CREATE INDEX statement in PostgreSQL's syntax; anything else is "
        "rejected, saying what was sent.",
        "It is compared with what every index that serves the query as well must have: the "
        "table, the method (USING, btree when left out), the key columns and their order, "
        "the columns an index-only scan needs, a partial index's WHERE, an expression key.",
        "Columns the query fixes with = may lead in any order; the range or ORDER BY columns "
        "follow in order (in a BRIN or GIN key, which searches each column on its own, the "
        "order never matters). ASC/DESC and NULLS FIRST/LAST matter only where the index must "
        "hand rows over in the ORDER BY's order: read forwards or backwards, it must give it.",
        "The values in the query are examples of the parameters it runs with: a partial "
        "index's WHERE may only use conditions that hold on every call.",
        "Spelling does not matter: letter case, quotes, parentheses, the index name, "
        "CONCURRENTLY and IF NOT EXISTS are all accepted.",
        "All or nothing: a right index scores 1; a wrong one gets a finding for each part "
        "that does not serve the query, and why.",
    ]


INDEX = Kind[IndexQuestion, IndexAnswer](
    name="index",
    question_model=IndexQuestion,
    answer_model=IndexAnswer,
    make_grader=make_grader,
    make_checker=make_checker,
    public_view=public_view,
    solution_view=solution_view,
    rules=rules,
    page="index.html",
    bind=bind,
)
