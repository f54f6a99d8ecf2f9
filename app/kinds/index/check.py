"""The index kind's content checks in `drill bank check`: the reference passes its own spec,
every wrong answer fails with its declared finding, and the captures prove the story: both
exist and parse, record the question's query, the after plan reads the table through an index
its setup creates (one the spec accepts), and the before plan does without it."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.bank.loader import ContentProblem
from app.kinds.index.captures import (
    CaptureError,
    LoadedCapture,
    index_scans,
    load_capture,
    same_query,
)
from app.kinds.index.columns import question_text_columns
from app.kinds.index.conditions import query_conditions
from app.kinds.index.grader import grade_index
from app.kinds.index.models import IndexQuestion
from app.kinds.index.reading import NotAnIndex, read_index
from app.kinds.index.rewrites import TextColumns
from app.kinds.index.spec import required_index
from app.settings import Settings

Problem = tuple[str, str]  # the field, the reason


@dataclass(frozen=True)
class IndexChecker:
    captures_dir: Path  # question_bank/captures
    datasets_dir: Path = dataclasses.field(default_factory=lambda: Settings().datasets_dir)

    def __call__(self, question: IndexQuestion, source: Path) -> list[ContentProblem]:
        """Graded as the server grades, with the table's text and varchar columns."""
        columns = question_text_columns(question, self.captures_dir, self.datasets_dir)
        found = grading_problems(question, columns)
        found += capture_problems(question, self.captures_dir, columns)
        return [ContentProblem(source, where, why) for where, why in found]


def grading_problems(
    question: IndexQuestion, text_columns: TextColumns = frozenset()
) -> list[Problem]:
    spec = spec_problems(question, text_columns)
    if spec:
        return spec
    reference = grade_index(question, question.reference.sql, text_columns)
    if reference.status != "correct":
        return [("reference.sql", f"the spec refuses it: {_summary(reference.details)}")]
    return [
        (f"wrong_answers.{number}", problem)
        for number, wrong in enumerate(question.wrong_answers)
        if (problem := _wrong_answer_problem(question, wrong.sql, wrong.finding, text_columns))
    ]


def spec_problems(question: IndexQuestion, text_columns: TextColumns) -> list[Problem]:
    """The conditions the spec lets a partial index use must be the query's own: a WHERE the
    query does not imply can never be used."""
    conditions = query_conditions(question.query, text_columns).terms
    required = required_index(question.accept, text_columns)
    named = [("accept.predicate", term) for term in required.predicate]
    named += [("accept.constant_conditions", term) for term in required.constant]
    return [
        (field, f"{term} is not one of the query's WHERE conditions ({', '.join(conditions)})")
        for field, term in named
        if term not in conditions
    ]


def _wrong_answer_problem(
    question: IndexQuestion, sql: str, finding: str, text_columns: TextColumns
) -> str | None:
    outcome = grade_index(question, sql, text_columns)
    if outcome.status == "correct":
        return f"graded correct, expected finding {finding!r}"
    codes = [f["code"] for f in outcome.details["findings"]] or [outcome.status]
    if finding in codes:
        return None
    return f"expected finding {finding!r}, got {', '.join(codes)}: {_summary(outcome.details)}"


def _summary(details: Mapping[str, Any]) -> str:
    messages = [str(finding["message"]) for finding in details.get("findings") or []]
    return " ".join(messages) or str(details.get("error", ""))


def capture_problems(
    question: IndexQuestion, captures_dir: Path, text_columns: TextColumns = frozenset()
) -> list[Problem]:
    loaded: dict[str, LoadedCapture] = {}
    problems: list[Problem] = []
    for field, name in (("before", question.before), ("after", question.after)):
        try:
            loaded[field] = load_capture(captures_dir, name)
        except CaptureError as error:
            problems.append((field, str(error)))
    if problems:
        return problems
    before, after = loaded["before"], loaded["after"]
    problems += [
        (field, f"capture {capture.capture.scenario} records another query than the question's")
        for field, capture in loaded.items()
        if not same_query(capture.capture.query, question.query)
    ]
    plans = _plan_problems(question, before, after, text_columns)
    return problems + plans + _statistics_problems(question, before)


def _plan_problems(
    question: IndexQuestion, before: LoadedCapture, after: LoadedCapture, text_columns: TextColumns
) -> list[Problem]:
    table = question.accept.table
    created = accepted_indexes(question, after.capture.setup, text_columns)
    if not created:
        return [("after", "its setup creates no index that the [accept] spec accepts")]
    used = {index for _, index in index_scans(after.plan, table)}
    problems = []
    if not used & created:
        problems.append(
            ("after", f"the plan does not read {table} through {', '.join(sorted(created))}")
        )
    if accepted_indexes(question, before.capture.setup, text_columns):
        problems.append(("before", "its setup already creates an index the spec accepts"))
    if any(node.index in created for node in before.plan.nodes()):
        problems.append(("before", "the plan already uses the reference index"))
    if not any(node.relation == table for node in before.plan.nodes()):
        problems.append(("before", f"the plan never reads {table}"))
    return problems


def accepted_indexes(
    question: IndexQuestion, setup: list[str], text_columns: TextColumns = frozenset()
) -> set[str]:
    """The names of the indexes a capture's setup creates that the question's spec accepts."""
    names = set()
    for statement in setup:
        try:
            name = read_index(statement).name
        except NotAnIndex:
            continue
        if grade_index(question, statement, text_columns).status == "correct":
            names.add(name)
    return names


def _statistics_problems(question: IndexQuestion, before: LoadedCapture) -> list[Problem]:
    recorded = before.capture.statistics.get(question.accept.table)
    if recorded is None:
        return [("before", f"the capture records no statistics of {question.accept.table}")]
    rows = recorded.rows
    if f"{rows:,}" not in question.statistics and str(rows) not in question.statistics:
        return [("statistics", f"does not give the captured row count, {rows:,}")]
    return []
