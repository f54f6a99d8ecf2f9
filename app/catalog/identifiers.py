"""Quoting names into DuckDB SQL."""

from __future__ import annotations


def quoted(name: str) -> str:
    """`name` as a quoted identifier, so case and reserved words survive."""
    return '"' + name.replace('"', '""') + '"'


def string_literal(text: str) -> str:
    """`text` as a SQL string literal."""
    return "'" + text.replace("'", "''") + "'"
