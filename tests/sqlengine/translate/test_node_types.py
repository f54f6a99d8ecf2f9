"""The node-type list decides every sqlglot class, so a sqlglot upgrade cannot open a door."""

from __future__ import annotations

import tomllib
from collections import Counter
from typing import Any

import pytest
import sqlglot
from sqlglot import exp

from app.sqlengine.errors import SqlError
from app.sqlengine.translate.allowlist import DIALECTS, EXAMPLES_FILE, allow_list
from app.sqlengine.translate.node_types import (
    NODE_TYPES_FILE,
    UNLISTED,
    module_of,
    node_type_list,
    sqlglot_classes,
)
from app.sqlengine.translate.validate import validate_sql

LISTS = tomllib.loads(NODE_TYPES_FILE.read_text())
ALLOWED_NAMES = [name for names in LISTS["allowed"].values() for name in names]
REFUSED_NAMES = [name for group in LISTS["refused"] for name in group.get("classes", [])]
NON_FUNCTIONS = {
    name: cls for name, cls in sqlglot_classes().items() if not issubclass(cls, exp.Func)
}


def test_every_sqlglot_class_is_allowed_or_refused() -> None:
    undecided = sorted(
        name for name, cls in NON_FUNCTIONS.items() if node_type_list().refusal(cls) is UNLISTED
    )
    assert not undecided, f"allow or refuse these sqlglot classes in node_types.toml: {undecided}"


def test_names_are_real_unique_non_function_classes() -> None:
    names = ALLOWED_NAMES + REFUSED_NAMES
    assert [name for name, n in Counter(names).items() if n > 1] == []
    assert sorted(set(names) - set(NON_FUNCTIONS)) == []


def test_refused_modules_exist_and_hold_no_allowed_class() -> None:
    modules = {m for group in LISTS["refused"] for m in group.get("modules", [])}
    assert modules <= {module_of(cls) for cls in NON_FUNCTIONS.values()}
    allowed = node_type_list().allowed
    assert sorted(cls.__name__ for cls in allowed if module_of(cls) in modules) == []


def test_function_allow_list_holds_only_function_classes() -> None:
    """Func classes are the function list's to decide; every other class is the node list's."""
    for dialect in DIALECTS:
        assert all(issubclass(cls, exp.Func) for cls in allow_list(dialect).classes)


def _example_calls() -> list[tuple[str, str]]:
    examples: dict[str, Any] = tomllib.loads(EXAMPLES_FILE.read_text())
    common = examples["common"]["examples"] + examples["volatile"]["examples"]
    calls = {d: common + examples.get(d, {}).get("examples", []) for d in DIALECTS}
    return [(dialect, call) for dialect in DIALECTS for call in calls[dialect]]


@pytest.mark.parametrize(("dialect", "call"), _example_calls())
def test_syntax_of_allowed_function_examples_is_allowed(dialect: str, call: str) -> None:
    """An allowed call must not be refused for its syntax (say, a lambda argument)."""
    tree = sqlglot.parse_one(f"SELECT {call}", read=dialect)
    refused = [type(n).__name__ for n in tree.walk() if node_type_list().refusal(type(n))]
    assert refused == []


def test_a_subclass_of_an_allowed_class_is_not_allowed_through_it() -> None:
    assert exp.Column in node_type_list().allowed
    assert node_type_list().refusal(exp.Pseudocolumn) is not None


@pytest.mark.parametrize(
    ("sql", "dialect", "words", "col"),
    [
        ("SELECT * FROM (PIVOT orders ON status USING count(*))", "postgres", "PIVOT", 16),
        ("SELECT 1 FROM (SELECT * FROM (SUMMARIZE orders))", "duckdb", "SUMMARIZE", 31),
        ("SELECT * FROM orders\nWHERE id = $1", "postgres", "$1", None),
    ],
)
def test_refusal_names_the_construct_and_points_at_it(
    sql: str, dialect: str, words: str, col: int | None
) -> None:
    with pytest.raises(SqlError) as error:
        validate_sql(sql, dialect=dialect, tables={"orders"})
    assert words in error.value.message
    if col is not None:
        assert error.value.position is not None and error.value.position.col == col
