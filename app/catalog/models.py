"""What a built dataset looks like: tables, columns, keys, hashes."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel

from app.catalog.errors import UnknownTableError


class ForeignKey(BaseModel):
    columns: list[str]
    ref_table: str
    ref_columns: list[str]


class ColumnInfo(BaseModel):
    name: str
    type: str  # as DuckDB prints it: INTEGER, VARCHAR, DECIMAL(12,2), TIMESTAMP ...
    nullable: bool
    comment: str | None = None
    # Where DuckDB's type does not say what PostgreSQL declared: "numeric" for an unbounded
    # numeric, stored as the smallest DECIMAL that holds its values.
    postgres_type: str | None = None


class TableInfo(BaseModel):
    name: str  # unique in the dataset, whatever the schema: DuckDB holds all in main
    comment: str | None
    columns: list[ColumnInfo]
    primary_key: list[str]
    foreign_keys: list[ForeignKey]
    row_count: int
    schema_name: str = "public"  # the PostgreSQL schema it came from
    kind: Literal["table", "view"] = "table"

    def column_names(self) -> list[str]:
        """Column names in table order."""
        return [column.name for column in self.columns]


class DatasetInfo(BaseModel):
    name: str
    title: str
    description: str
    path: Path  # the .duckdb file
    content_hash: str  # of the stored data: graders key cached reference results on it
    source_hash: str  # of the source files: an unchanged source is not rebuilt
    tables: list[TableInfo]  # and views
    search_path: list[str] = ["public"]  # where unqualified names are found, as in PostgreSQL

    def table(self, name: str) -> TableInfo:
        """The table called `name`; UnknownTableError (a KeyError) if there is none."""
        for table in self.tables:
            if table.name == name:
                return table
        known = ", ".join(sorted(self.table_names()))
        raise UnknownTableError(f"dataset {self.name!r} has no table {name!r} (tables: {known})")

    def table_names(self) -> set[str]:
        """Names of all tables."""
        return {table.name for table in self.tables}

    def query_names(self) -> set[str]:
        """The names a query may read tables by: `schema.name`, and the bare name where the
        search path finds it."""
        visible = set(self.search_path)
        qualified = {f"{t.schema_name}.{t.name}" for t in self.tables}
        return qualified | {t.name for t in self.tables if t.schema_name in visible}
