"""The parse-tree allow-list: which sqlglot node classes a candidate's query may contain.

The list is data (`node_types.toml`, grouped by purpose); this module resolves its names to
sqlglot classes and refuses, with the group's message, the first node of a class not allowed.
Function calls are left to the function allow-list (`allowlist.py`).
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from sqlglot import exp
from sqlglot.errors import ErrorLevel, SqlglotError
from sqlglot.tokenizer_core import Token

from app.sqlengine.errors import (
    ForbiddenStatementError,
    SourcePosition,
    SqlError,
    UnsupportedError,
)

NODE_TYPES_FILE = Path(__file__).with_name("node_types.toml")
ERRORS: dict[str, type[SqlError]] = {
    "forbidden_statement": ForbiddenStatementError,
    "unsupported": UnsupportedError,
}
SHOWN_SQL_CHARS = 60


@dataclass(frozen=True)
class Refusal:
    """Why a group of node classes is refused, in the candidate's terms."""

    group: str
    error: type[SqlError]
    message: str
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True)
class NodeTypeList:
    """Allowed classes, refused classes, and sqlglot modules refused as a whole."""

    allowed: frozenset[type[exp.Expr]]
    refused: dict[type[exp.Expr], Refusal]
    refused_modules: dict[str, Refusal]

    def refusal(self, cls: type[exp.Expr]) -> Refusal | None:
        """The refusal for a class that is not a function call and not allowed, else None."""
        if issubclass(cls, exp.Func) or cls in self.allowed:
            return None
        return self.refused.get(cls) or self.refused_modules.get(module_of(cls)) or UNLISTED


UNLISTED = Refusal(
    "unlisted", UnsupportedError, "This syntax is not available in the practice engine: {sql}"
)


def sqlglot_classes() -> dict[str, type[exp.Expr]]:
    """Every sqlglot node class by name: `Expr` and all its subclasses."""
    found: dict[str, type[exp.Expr]] = {}
    pending: list[type[exp.Expr]] = [exp.Expr]
    while pending:
        cls = pending.pop()
        if cls.__name__ not in found:
            found[cls.__name__] = cls
            pending += cls.__subclasses__()
    return found


def module_of(cls: type[exp.Expr]) -> str:
    """The sqlglot module a class is defined in (`ddl` for sqlglot.expressions.ddl)."""
    return cls.__module__.rsplit(".", 1)[-1]


@cache
def node_type_list() -> NodeTypeList:
    """The list in `node_types.toml`; a name sqlglot does not define is an error."""
    data = tomllib.loads(NODE_TYPES_FILE.read_text())
    allowed = [name for names in data["allowed"].values() for name in names]
    refused: dict[type[exp.Expr], Refusal] = {}
    modules: dict[str, Refusal] = {}
    for group in data["refused"]:
        refusal = _refusal(group)
        refused |= {cls: refusal for cls in _classes(group.get("classes", []))}
        modules |= {module: refusal for module in group.get("modules", [])}
    return NodeTypeList(frozenset(_classes(allowed)), refused, modules)


def _refusal(group: dict[str, Any]) -> Refusal:
    return Refusal(
        group["group"], ERRORS[group["code"]], group["message"], tuple(group.get("keywords", []))
    )


def _classes(names: list[str]) -> list[type[exp.Expr]]:
    known = sqlglot_classes()
    if unknown := sorted(set(names) - set(known)):
        raise ValueError(f"{NODE_TYPES_FILE.name} names classes sqlglot lacks: {unknown}")
    return [known[name] for name in names]


def check_node_types(tree: exp.Expr, *, sql: str, tokens: list[Token], dialect: str) -> None:
    """Raise the refusal of the first node, anywhere in the tree, whose class is not allowed."""
    for node, refusal in _refused_nodes(tree):
        message = refusal.message.replace("{sql}", _shown(node, dialect))
        raise refusal.error(message, position=_position(node, refusal, sql, tokens))


def _refused_nodes(tree: exp.Expr) -> Iterator[tuple[exp.Expr, Refusal]]:
    types = node_type_list()
    for node in tree.walk():
        if (refusal := types.refusal(type(node))) is not None:
            yield node, refusal


def _shown(node: exp.Expr, dialect: str) -> str:
    """The refused construct as SQL, shortened: a message must stay readable."""
    try:
        shown = node.sql(dialect=dialect, unsupported_level=ErrorLevel.IGNORE)
        text = " ".join(shown.split())
    except SqlglotError:
        text = node.key.upper()
    return text if len(text) <= SHOWN_SQL_CHARS else text[: SHOWN_SQL_CHARS - 3] + "..."


def _position(
    node: exp.Expr, refusal: Refusal, sql: str, tokens: list[Token]
) -> SourcePosition | None:
    """Where the node starts if sqlglot recorded it, else the first of the group's keywords."""
    if "start" in (node.meta or {}):
        return SourcePosition.at_offset(sql, node.meta["start"])
    for token in tokens:
        if token.text.upper() in refusal.keywords:
            return SourcePosition.at_offset(sql, token.start)
    return None
