"""Properties of the index grader: every respelling of each bank question's reference is
still correct, equality columns may lead in any order, and a range column moved in front of an
equality column is always an order finding."""

from __future__ import annotations

import random

import sqlglot
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlglot import exp

from app.kinds.index.grader import grade_index
from app.kinds.index.models import IndexQuestion
from app.kinds.index.reading import read_index
from tests.kinds.index.support import bank_questions, question_for

QUESTIONS = bank_questions()
COLUMNS = ["a", "b", "c", "d", "e", "f"]


def _case(draw: st.DrawFn, word: str) -> str:
    return "".join(ch.upper() if draw(st.booleans()) else ch.lower() for ch in word)


@st.composite
def respelled_reference(draw: st.DrawFn) -> tuple[IndexQuestion, str]:
    """A bank question and its reference written another way: letter case of keywords, quoted
    identifiers, a name, CONCURRENTLY, IF NOT EXISTS, a schema, USING spelled out, parentheses
    around the keys, spacing and a semicolon."""
    question = QUESTIONS[draw(st.sampled_from(sorted(QUESTIONS)))]
    index = read_index(question.reference.sql)
    keys = [_respelled_key(draw, key.written, key.operator_class) for key in index.keys]
    include = [_quoted(draw, column) for column in index.include]
    parts = [_case(draw, "create"), _case(draw, "index")]
    parts += [_case(draw, "concurrently")] if draw(st.booleans()) else []
    if draw(st.booleans()):
        parts += [_case(draw, "if not exists"), "drill_idx"]
    elif draw(st.booleans()):
        parts += ['"Drill Index"']
    table = _quoted(draw, index.table)
    parts += [_case(draw, "on"), f"public.{table}" if draw(st.booleans()) else table]
    if index.method != "btree" or draw(st.booleans()):
        parts += [_case(draw, "using"), _case(draw, index.method)]
    parts += [f"({', '.join(keys)})"]
    parts += [f"{_case(draw, 'include')} ({', '.join(include)})"] if include else []
    parts += [f"{_case(draw, 'where')} ({index.where})"] if index.where else []
    space = draw(st.sampled_from([" ", "  ", "\n  ", "\t"]))
    return question, space.join(parts) + draw(st.sampled_from(["", ";", " ;\n"]))


def _respelled_key(draw: st.DrawFn, written: str, operator_class: str | None) -> str:
    tree = sqlglot.parse_one(written, read="postgres")
    for identifier in tree.find_all(exp.Identifier):
        identifier.set("quoted", draw(st.booleans()))
    text = tree.sql(dialect="postgres")
    if isinstance(tree, exp.Column) and draw(st.booleans()):
        text = f"({text})"
    elif not isinstance(tree, exp.Column):
        text = draw(st.sampled_from([text, f"({text})", text.lower()]))
    return text + (f" {_case(draw, operator_class)}" if operator_class else "")


def _quoted(draw: st.DrawFn, name: str) -> str:
    return f'"{name}"' if draw(st.booleans()) else _case(draw, name)


@settings(max_examples=200, deadline=None)
@given(respelled_reference())
def test_any_spelling_of_the_reference_is_correct(case: tuple[IndexQuestion, str]) -> None:
    question, sql = case
    outcome = grade_index(question, sql)
    assert (outcome.status, outcome.details["findings"]) == ("correct", []), sql


@st.composite
def spec_and_key(draw: st.DrawFn) -> tuple[list[str], list[str]]:
    """Equality columns and the columns that follow them, all distinct."""
    columns = draw(st.permutations(COLUMNS))
    equal = draw(st.integers(min_value=1, max_value=3))
    then = draw(st.integers(min_value=1, max_value=2))
    return list(columns[:equal]), list(columns[equal : equal + then])


def _question(equality: list[str], then: list[str]) -> IndexQuestion:
    conditions = [f"{c} = 1" for c in equality] + [f"{then[0]} > 2"]
    query = f"SELECT * FROM t WHERE {' AND '.join(conditions)} ORDER BY {', '.join(then)}"
    return question_for(query, {"table": "t", "equality": equality, "then": then})


@settings(max_examples=100, deadline=None)
@given(spec_and_key(), st.randoms(use_true_random=False))
def test_equality_columns_lead_in_any_order(
    spec: tuple[list[str], list[str]], rng: random.Random
) -> None:
    equality, then = spec
    shuffled = list(equality)
    rng.shuffle(shuffled)
    sql = f"CREATE INDEX ON t ({', '.join(shuffled + then)})"
    assert grade_index(_question(equality, then), sql).status == "correct", sql


@settings(max_examples=100, deadline=None)
@given(spec_and_key(), st.data())
def test_a_following_column_before_an_equality_one_is_an_order_finding(
    spec: tuple[list[str], list[str]], data: st.DataObject
) -> None:
    equality, then = spec
    moved = data.draw(st.sampled_from(then))
    key = [moved] + [c for c in equality + then if c != moved]
    outcome = grade_index(_question(equality, then), f"CREATE INDEX ON t ({', '.join(key)})")
    assert [f["code"] for f in outcome.details["findings"]] == ["order"], key
