"""The function allow-list, derived from example calls in `allowed_functions.toml`.

Writing the list as calls people type (not as sqlglot class names) keeps it readable and lets
sqlglot decide which node each call becomes in each dialect.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import sqlglot
from sqlglot import exp

from app.sqlengine.dialects import RAW_TO_CHAR, parse_dialect

EXAMPLES_FILE = Path(__file__).with_name("allowed_functions.toml")
DIALECTS = ("postgres", "duckdb")


@dataclass(frozen=True)
class FunctionAllowList:
    """Function node classes, and names of functions sqlglot does not model, that may run."""

    classes: frozenset[type[exp.Expr]]
    anonymous_names: frozenset[str]

    def allows(self, node: exp.Func) -> bool:
        if isinstance(node, exp.Anonymous):
            return node.name.lower() in self.anonymous_names
        return type(node) in self.classes

    def known_names(self) -> list[str]:
        """Names to suggest when a call is rejected."""
        typed = {cls.key for cls in self.classes}
        return sorted(typed | self.anonymous_names)


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
    classes: set[type[exp.Expr]] = set()
    names: set[str] = set()
    for call in calls:
        for node in sqlglot.parse_one(f"SELECT {call}", dialect=parse_dialect(dialect)).find_all(
            exp.Func
        ):
            if isinstance(node, exp.Anonymous):
                names.add(node.name.lower())
            else:
                classes.add(type(node))
    if dialect == "postgres":
        names.add(RAW_TO_CHAR)  # to_char as the validator parses it (see dialects.py)
    return FunctionAllowList(frozenset(classes), frozenset(names))
