"""The SQL kind's content checks in `drill bank check`: prove a question by running it.

A reference must run, return rows and return the same rows twice; every listed alternative must
grade correct; every listed wrong answer must be rejected with its declared diagnostic; and an
ordered question must take its order from the reference's top-level ORDER BY, without ties left
open, and notice when its rows are shuffled.
"""

from __future__ import annotations

import random
from pathlib import Path

import sqlglot
from sqlglot import exp

from app.bank.loader import ContentProblem
from app.kinds.sql.models import SqlQuestion, WrongAnswer
from app.sqlengine.errors import SqlError
from app.sqlengine.grading.compare import Ordering, ResultSet
from app.sqlengine.grading.diagnose import diagnose
from app.sqlengine.grading.judging import as_result_set
from app.sqlengine.grading.verdict import Grader, Status, Verdict

SHUFFLE_TRIES = 20
NO_TOP_LEVEL_ORDER = (
    "the question says row order matters, but its reference has no ORDER BY at its top level, "
    "so the expected order is whatever order the engine happens to return: add the ORDER BY "
    "the question asks for"
)
TIES_LEFT_OPEN = (
    "the question says row order matters, but the reference's ORDER BY leaves ties between rows "
    "that differ, so their expected order is arbitrary: break the ties in the ORDER BY, or set "
    "ordering = 'ordered_with_ties' with the tie_columns inside which any order is accepted"
)


def check_question(question: SqlQuestion, grader: Grader, source: Path) -> list[ContentProblem]:
    if question.dataset not in grader.engine.datasets:
        return [ContentProblem(source, "dataset", f"unknown dataset {question.dataset!r}")]
    try:
        first, second = _run_reference(question, grader), _run_reference(question, grader)
    except SqlError as error:
        return [ContentProblem(source, "solution.sql", f"does not run: {error.message}")]
    problems = _reference_problems(question, first, second, source)
    if problems:
        return problems
    order_problems = _order_problems(question, grader, first, source)
    if order_problems:
        return order_problems
    return (
        _alternative_problems(question, grader, source)
        + _wrong_answer_problems(question, grader, source)
        + _shuffle_problems(question, first, source)
    )


def _run_reference(question: SqlQuestion, grader: Grader, sql: str | None = None) -> ResultSet:
    solution = question.solution
    return as_result_set(
        grader.engine.run(question.dataset, sql or solution.sql, dialect=solution.dialect)
    )


def _order_problems(
    question: SqlQuestion, grader: Grader, reference: ResultSet, source: Path
) -> list[ContentProblem]:
    """An ordered question's expected order must come from its reference's ORDER BY alone."""
    policy = question.grading.policy()
    if policy.ordering == Ordering.UNORDERED:
        return []
    tree = sqlglot.parse_one(question.solution.sql, read=question.solution.dialect)
    if not tree.args.get("order"):
        return [ContentProblem(source, "grading.ordering", NO_TOP_LEVEL_ORDER)]
    if _fetches_with_ties(tree):
        return []  # more ORDER BY keys would change which rows tie: nothing to compare
    first, last = (
        _run_reference(question, grader, _tie_broken(tree, len(reference.columns), desc, question))
        for desc in (False, True)
    )
    if any(d.code == "wrong_order" for d in diagnose(first, last, policy)):
        return [ContentProblem(source, "grading.ordering", TIES_LEFT_OPEN)]
    return []


def _tie_broken(tree: exp.Expr, columns: int, desc: bool, question: SqlQuestion) -> str:
    """The reference with every result column appended to its ORDER BY, one way or the other:
    when the two orders differ, rows that tie on the written keys differ elsewhere."""
    tree = tree.copy()
    for position in range(1, columns + 1):
        tree.args["order"].append(
            "expressions", exp.Ordered(this=exp.Literal.number(position), desc=desc)
        )
    return tree.sql(dialect=question.solution.dialect)


def _fetches_with_ties(tree: exp.Expr) -> bool:
    fetch = tree.args.get("limit")
    options = fetch.args.get("limit_options") if isinstance(fetch, exp.Fetch) else None
    return bool(options and options.args.get("with_ties"))


def _reference_problems(
    question: SqlQuestion, first: ResultSet, second: ResultSet, source: Path
) -> list[ContentProblem]:
    if not first.rows:
        return [ContentProblem(source, "solution.sql", "returns no rows")]
    if diagnose(first, second, question.grading.policy()):
        return [ContentProblem(source, "solution.sql", "returns different results on two runs")]
    missing = [c for c in question.grading.tie_columns if c not in first.columns]
    if missing:
        return [ContentProblem(source, "grading.tie_columns", f"not result columns: {missing}")]
    return []


def _alternative_problems(
    question: SqlQuestion, grader: Grader, source: Path
) -> list[ContentProblem]:
    problems = []
    for i, alternative in enumerate(question.alternatives):
        verdict = grader.grade(question.reference(), alternative.sql, alternative.dialect)
        if verdict.status != Status.CORRECT:
            problems.append(
                ContentProblem(
                    source, f"alternatives.{i}", f"graded {verdict.status}: {_summary(verdict)}"
                )
            )
    return problems


def _wrong_answer_problems(
    question: SqlQuestion, grader: Grader, source: Path
) -> list[ContentProblem]:
    problems = []
    for i, wrong in enumerate(question.wrong_answers):
        verdict = grader.grade(question.reference(), wrong.sql, wrong.dialect)
        if not _rejected_as_declared(wrong, verdict):
            problems.append(
                ContentProblem(
                    source,
                    f"wrong_answers.{i}",
                    f"expected diagnostic {wrong.diagnostic!r}, "
                    f"got {verdict.status}: {_summary(verdict)}",
                )
            )
    return problems


def _rejected_as_declared(wrong: WrongAnswer, verdict: Verdict) -> bool:
    if verdict.status == Status.CORRECT:
        return False
    return wrong.diagnostic in verdict.codes or wrong.diagnostic == str(verdict.status)


def _summary(verdict: Verdict) -> str:
    if verdict.error:
        return str(verdict.error.get("message"))
    return "; ".join(f"{d.code}: {d.message}" for d in verdict.diagnostics) or "no diagnostics"


def _shuffle_problems(
    question: SqlQuestion, reference: ResultSet, source: Path
) -> list[ContentProblem]:
    """An ordered question whose rows can be shuffled without notice does not test order."""
    policy = question.grading.policy()
    if policy.ordering == Ordering.UNORDERED:
        return []
    shuffles = [list(reversed(reference.rows))]
    rng = random.Random(0)
    for _ in range(SHUFFLE_TRIES):
        shuffles.append(rng.sample(reference.rows, len(reference.rows)))
    for rows in shuffles:
        codes = [d.code for d in diagnose(reference, ResultSet(reference.columns, rows), policy)]
        if "wrong_order" in codes:
            return []
    return [ContentProblem(source, "grading.ordering", "shuffled rows still grade correct")]
