"""The function allow-list, derived from example calls in `allowed_functions.toml`.

Writing the list as calls people type (not as sqlglot class names) keeps it readable and lets
sqlglot decide which node each call becomes in each dialect.
"""

from __future__ import annotations

import difflib
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import sqlglot
from sqlglot import exp

from app.sqlengine.translate.parsing import RAW_TO_CHAR, parse_dialect

EXAMPLES_FILE = Path(__file__).with_name("allowed_functions.toml")
DIALECTS = ("postgres", "duckdb")


@dataclass(frozen=True)
class FunctionAllowList:
    """Function node classes, and names of functions sqlglot does not model, that may run."""

    classes: frozenset[type[exp.Expr]]
    anonymous_names: frozenset[str]
    volatile: frozenset[type[exp.Expr] | tuple[str, int]] = frozenset()
    typed_names: frozenset[str] = frozenset()  # the typed calls' names, as people write them

    def allows(self, node: exp.Func) -> bool:
        if isinstance(node, exp.Anonymous):
            return node.name.lower() in self.anonymous_names
        return type(node) in self.classes

    def is_volatile(self, node: exp.Func) -> bool:
        """Whether the call may answer differently from run to run (unknown calls may)."""
        return not self.allows(node) or _signature(node) in self.volatile

    def known_names(self) -> list[str]:
        """Names to suggest when a call is rejected (sqlglot's class keys are not what people
        type: `currentdate` is `current_date`)."""
        return sorted(self.typed_names | self.anonymous_names - {RAW_TO_CHAR})


def function_name(node: exp.Func) -> str:
    """The name a person would recognise for a function node."""
    if isinstance(node, exp.Anonymous):
        name = node.name.lower()
        return "to_char" if name == RAW_TO_CHAR else name
    return node.sql(dialect="postgres").split("(")[0].strip().lower()


@cache
def allow_list(dialect: str) -> FunctionAllowList:
    """The allow-list for `dialect`: common examples plus the dialect's own."""
    examples = tomllib.loads(EXAMPLES_FILE.read_text())
    calls = examples["common"]["examples"] + examples.get(dialect, {}).get("examples", [])
    calls += [f"* FROM {call}" for call in examples["tables"]["examples"]]
    volatile = _nodes(examples["volatile"]["examples"], dialect)
    classes: set[type[exp.Expr]] = set()
    names: set[str] = set()
    typed_names: set[str] = set()
    for node in _nodes(calls, dialect) + volatile:
        if isinstance(node, exp.Anonymous):
            names.add(node.name.lower())
        else:
            classes.add(type(node))
            typed_names.add(_typed_name(node))
    if dialect == "postgres":
        names.add(RAW_TO_CHAR)  # to_char as the validator parses it (see parsing.py)
    signatures = frozenset(_signature(node) for node in volatile)
    return FunctionAllowList(
        frozenset(classes), frozenset(names), signatures, frozenset(typed_names - {""})
    )


def _typed_name(node: exp.Func) -> str:
    """A call's name as written, for suggestions; "" for operators (`a AND b`, `x IN (...)`)."""
    name = function_name(node)
    return name if name.replace("_", "").isalnum() and " " not in name else ""


def _nodes(calls: list[str], dialect: str) -> list[exp.Func]:
    """Every function node of the example calls, as sqlglot parses them in `dialect`."""
    nodes: list[exp.Func] = []
    for call in calls:
        tree = sqlglot.parse_one(f"SELECT {call}", dialect=parse_dialect(dialect))
        nodes += tree.find_all(exp.Func)
    return nodes


def _signature(node: exp.Func) -> type[exp.Expr] | tuple[str, int]:
    """A typed call by its node class; a call sqlglot does not model by name and arity, which
    tells PostgreSQL's age(x) (from today) from age(x, y)."""
    if isinstance(node, exp.Anonymous):
        return (node.name.lower(), len(node.expressions))
    return type(node)


def refusal_message(name: str, dialect: str) -> str:
    """Why a call is refused: a DuckDB function PostgreSQL lacks is refused as PostgreSQL
    refuses it, with what to write instead; anything else with the closest allowed name."""
    instead = postgres_lacks().get(name) if dialect == "postgres" else None
    if instead:
        return f"function {name}() does not exist in PostgreSQL; write {instead} instead."
    close = difflib.get_close_matches(name, allow_list(dialect).known_names(), n=1)
    suggestion = f"; did you mean {close[0]}()?" if close else "."
    return f"The function {name}() is not available in the practice engine{suggestion}"


@cache
def postgres_lacks() -> dict[str, str]:
    """DuckDB function name -> what PostgreSQL SQL writes instead (allowed_functions.toml)."""
    lacks: dict[str, str] = tomllib.loads(EXAMPLES_FILE.read_text())["postgres_lacks"]
    return lacks
