"""Schemas in a PostgreSQL script, and the one namespace a built dataset keeps them in.

A built dataset holds every table and view in DuckDB's main schema under its bare name and
records which PostgreSQL schema it came from: queries then reach `cd.members` and (through the
pack's search path) `members` alike, and nothing else (runner, schema panel, translation) needs
to know about schemas. The price: two objects with one name in two schemas are refused.
"""

from __future__ import annotations

import re
from typing import TypeVar

from sqlglot import exp

from app.catalog.errors import DatasetSourceError

PUBLIC = "public"
_Tree = TypeVar("_Tree", bound=exp.Expr)
_IDENT = r'(?:"(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_$]*)'
CREATE_SCHEMA = re.compile(
    rf"CREATE\s+SCHEMA\s+(?:IF\s+NOT\s+EXISTS\s+)?(?P<name>{_IDENT})(?:\s+AUTHORIZATION\s+\S+)?$",
    re.IGNORECASE,
)
SET_SEARCH_PATH = re.compile(
    r"SET\s+(?:SESSION\s+|LOCAL\s+)?search_path\s*(?:=|TO)\s*(?P<path>.*)$"
    r"|SELECT\s+pg_catalog\.set_config\s*\(\s*'search_path'\s*,\s*'(?P<quoted>[^']*)'",
    re.IGNORECASE | re.DOTALL,
)


def identifier(text: str) -> str:
    """A name as PostgreSQL folds it: quoted names keep their case, others are lowercased."""
    text = text.strip()
    if text.startswith('"') and text.endswith('"') and len(text) > 1:
        return text[1:-1].replace('""', '"')
    return text.strip("'").lower()


class Namespace:
    """The schemas a script creates, its search path, and the schema of every object in it."""

    def __init__(self) -> None:
        self.schemas = {PUBLIC}
        self.search_path = [PUBLIC]  # where unqualified CREATE statements put their object
        self.schema_of: dict[str, str] = {}  # bare name -> schema, for tables and views

    def create_schema(self, statement: str) -> None:
        match = CREATE_SCHEMA.match(statement)
        if match is None:
            raise DatasetSourceError("only CREATE SCHEMA name is supported")
        self.schemas.add(identifier(match["name"]))

    def set_search_path(self, match: re.Match[str]) -> None:
        path = match["quoted"] if match["quoted"] is not None else match["path"]
        names = [identifier(part) for part in path.split(",") if part.strip()]
        self.search_path = [name for name in names if name and name != "$user"]

    def create(self, target: exp.Table) -> str:
        """Register a new table or view; its schema, as PostgreSQL would choose it."""
        schema = self._schema_named(target.db) if target.db else self._creation_schema()
        other = self.schema_of.get(target.name)
        if other == schema:
            raise DatasetSourceError(f"{schema}.{target.name} is created twice")
        if other is not None:
            raise DatasetSourceError(
                f"{other}.{target.name} and {schema}.{target.name} share a name: a built dataset "
                "holds every schema's tables in one namespace, so their names must differ"
            )
        self.schema_of[target.name] = schema
        return schema

    def unqualified(self, tree: _Tree) -> _Tree:
        """`tree` with the schema removed from every name, after checking it is the right one."""
        for node in tree.find_all(exp.Table, exp.Column):
            if node.args.get("catalog"):
                qualified = node.sql("postgres")
                raise DatasetSourceError(f"database-qualified name {qualified} is not supported")
            if node.args.get("db") is None:
                continue
            schema = self._schema_named(node.text("db"))
            name = node.name if isinstance(node, exp.Table) else node.text("table")
            known = self.schema_of.get(name)
            if known is not None and known != schema:
                raise DatasetSourceError(f"there is no {schema}.{name}: {name} is in {known}")
            node.set("db", None)
        return tree

    def _schema_named(self, name: str) -> str:
        if name not in self.schemas:
            raise DatasetSourceError(f"schema {name} is used before its CREATE SCHEMA")
        return name

    def _creation_schema(self) -> str:
        existing = [schema for schema in self.search_path if schema in self.schemas]
        if not existing:
            raise DatasetSourceError(
                "an unqualified name is created while the search path names no existing schema"
            )
        return existing[0]
