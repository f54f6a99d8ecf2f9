"""Capture PostgreSQL's answers for the fidelity corpus in tests/fixtures/fidelity.

Recreates the database `drill_fidelity`, loads setup.sql, runs every query of queries.sql and
writes expected.json (type-tagged results, see the README there) and dump.sql (a plain
`pg_dump --inserts` of the same data). Connects with libpq defaults (PGUSER, PGPORT, ...);
the host defaults to the local socket directory.

Usage: .venv/bin/python tools/capture_fidelity.py
"""

from __future__ import annotations

import json
import math
import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql
from psycopg.types.string import TextLoader

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "fidelity"
DATABASE = "drill_fidelity"
HOST = os.environ.get("PGHOST", "/var/run/postgresql")
SESSION_SETTINGS = (
    "SET TimeZone = 'UTC'",
    "SET DateStyle = 'ISO, YMD'",
    "SET IntervalStyle = 'postgres'",
    "SET extra_float_digits = 3",
)
AS_TEXT = ("numeric", "interval")  # loaded as PostgreSQL's own text, then encoded exactly
PLAIN = frozenset({"bool", "int2", "int4", "int8", "text", "varchar", "bpchar", "name"})
UNIT_RE = re.compile(r"([+-]?\d+) (year|mon|day)s?")
TIME_RE = re.compile(r"([+-]?)(\d+):(\d+):(\d+)(?:\.(\d+))?$")
NAME_RE = re.compile(r"[a-z][a-z0-9_]*")

Json = Any


@dataclass(frozen=True)
class Query:
    name: str
    ordered: bool
    sql: str


@dataclass(frozen=True)
class PgType:
    name: str
    element: int  # element type oid for arrays, 0 otherwise


def parse_queries(text: str) -> list[Query]:
    """Split queries.sql into its queries; each starts at a `-- name:` header line."""
    blocks = re.split(r"^(?=-- name:)", text, flags=re.MULTILINE)
    queries = [parse_block(block) for block in blocks if block.strip()]
    names = [query.name for query in queries]
    if len(set(names)) != len(names):
        raise ValueError("query names must be unique")
    return queries


def parse_block(block: str) -> Query:
    """One query: `-- key: value` header lines, then the SQL ending with `;`."""
    headers = dict(re.findall(r"^-- (\w+): (.*)$", block, flags=re.MULTILINE))
    body = [line for line in block.splitlines() if not line.startswith("-- ")]
    statement = "\n".join(body).strip().removesuffix(";").strip()
    name, ordered = headers.get("name", ""), headers.get("ordered")
    if not NAME_RE.fullmatch(name) or ordered not in ("true", "false") or not statement:
        raise ValueError(f"bad query block: {block[:80]!r}")
    if ordered == "true" and "ORDER BY" not in statement.upper():
        raise ValueError(f"{name}: ordered: true needs an ORDER BY")
    return Query(name=name, ordered=ordered == "true", sql=statement)


def connect(dbname: str) -> psycopg.Connection[tuple[Any, ...]]:
    return psycopg.connect(host=HOST, dbname=dbname, autocommit=True)


def recreate_database() -> None:
    """Drop and create the database with a byte-order (C) collation, like DuckDB's default."""
    with connect("postgres") as conn:
        name = sql.Identifier(DATABASE)
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        create = "CREATE DATABASE {} TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C.UTF-8'"
        conn.execute(sql.SQL(create).format(name))


def configure(conn: psycopg.Connection[tuple[Any, ...]]) -> dict[int, PgType]:
    """Apply the session settings, load AS_TEXT types as text; return the type catalogue."""
    for statement in SESSION_SETTINGS:
        conn.execute(statement)
    rows = conn.execute("SELECT oid::int, typname, typelem::int, typcategory FROM pg_type")
    types = {oid: PgType(name, elem if cat == "A" else 0) for oid, name, elem, cat in rows}
    by_name = {t.name: oid for oid, t in types.items()}
    for name in AS_TEXT:
        conn.adapters.register_loader(by_name[name], TextLoader)
    return types


def parse_interval(text: str) -> dict[str, int]:
    """Parse an IntervalStyle 'postgres' value ('1 year 2 mons -3 days +04:05:06.5')."""
    months = days = 0
    for number, unit in UNIT_RE.findall(text):
        if unit == "day":
            days += int(number)
        else:
            months += int(number) * (12 if unit == "year" else 1)
    micros = 0
    if match := TIME_RE.search(text):
        sign, hours, minutes, seconds, fraction = match.groups()
        whole = (int(hours) * 60 + int(minutes)) * 60 + int(seconds)
        micros = whole * 1_000_000 + int((fraction or "").ljust(6, "0"))
        micros = -micros if sign == "-" else micros
    return {"months": months, "days": days, "microseconds": micros}


def encode_float(value: float) -> Json:
    if math.isnan(value):
        return {"float": "NaN"}
    if math.isinf(value):
        return {"float": "Infinity" if value > 0 else "-Infinity"}
    return value


def encode(value: Any, pg_type: PgType, types: dict[int, PgType]) -> Json:
    """Encode one cell as JSON, tagging the types plain JSON would lose."""
    if value is None:
        return None
    if pg_type.element:
        return {"array": [encode_element(item, pg_type, types) for item in value]}
    return encode_scalar(value, pg_type.name)


def encode_element(item: Any, array_type: PgType, types: dict[int, PgType]) -> Json:
    """Arrays of several dimensions arrive as nested lists."""
    if isinstance(item, list):
        return encode(item, array_type, types)
    return encode(item, types[array_type.element], types)


def encode_scalar(value: Any, type_name: str) -> Json:
    if type_name in PLAIN:
        return value
    if type_name in ("float4", "float8"):
        return encode_float(value)
    if type_name == "numeric":
        return {"decimal": value}
    if type_name == "interval":
        return {"interval": parse_interval(value)}
    if type_name in ("date", "timestamp", "timestamptz"):
        return {type_name: value.isoformat()}
    raise TypeError(f"no encoding for PostgreSQL type {type_name}")


def type_label(oid: int, types: dict[int, PgType]) -> str:
    pg_type = types[oid]
    return f"{types[pg_type.element].name}[]" if pg_type.element else pg_type.name


def server_version(conn: psycopg.Connection[tuple[Any, ...]]) -> str:
    row = conn.execute("SHOW server_version").fetchone()
    return str(row[0]) if row else "unknown"


def run_query(
    conn: psycopg.Connection[tuple[Any, ...]], query: Query, types: dict[int, PgType]
) -> dict[str, Json]:
    """Run one query; return its type-tagged result, or the error PostgreSQL raised."""
    try:
        cursor = conn.execute(query.sql.encode())
        rows = cursor.fetchall()
    except psycopg.Error as error:
        return {"error": str(error).strip()}
    described = cursor.description or []
    columns = [{"name": c.name, "pg_type": type_label(c.type_code, types)} for c in described]
    cell_types = [types[c.type_code] for c in described]
    encoded = [[encode(v, t, types) for v, t in zip(row, cell_types, strict=True)] for row in rows]
    return {"ordered": query.ordered, "columns": columns, "rows": encoded}


def render(version: str, results: dict[str, dict[str, Json]]) -> str:
    """JSON with one result row per line, so that diffs stay readable."""
    entries = [f"  {json.dumps(name)}: {render_result(r)}" for name, r in results.items()]
    text = f'{{"postgres_version": {json.dumps(version)},\n "queries": {{\n'
    text += ",\n".join(entries) + "\n }\n}\n"
    if json.loads(text) != {"postgres_version": version, "queries": results}:
        raise AssertionError("rendered JSON does not round-trip")
    return text


def render_result(result: dict[str, Json]) -> str:
    if "error" in result:
        return json.dumps(result)
    head = {"ordered": result["ordered"], "columns": result["columns"]}
    rows = "".join(f"\n    {json.dumps(row)}," for row in result["rows"]).removesuffix(",")
    return json.dumps(head)[:-1] + f', "rows": [{rows}\n  ]}}'


def dump_database() -> str:
    """Plain pg_dump; psql-only `\\restrict` guard lines (random keys) are left out."""
    command = ["pg_dump", "--host", HOST, "--inserts", "--no-owner", DATABASE]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    lines = output.splitlines(keepends=True)
    return "".join(line for line in lines if not line.startswith(("\\restrict", "\\unrestrict")))


def main() -> None:
    queries = parse_queries((FIXTURES / "queries.sql").read_text())
    recreate_database()
    with connect(DATABASE) as conn:
        conn.execute((FIXTURES / "setup.sql").read_text().encode())
        types = configure(conn)
        version = server_version(conn)
        results = {query.name: run_query(conn, query, types) for query in queries}
    (FIXTURES / "expected.json").write_text(render(version, results))
    (FIXTURES / "dump.sql").write_text(dump_database())
    failed = [name for name, result in results.items() if "error" in result]
    print(f"{len(results)} queries captured from PostgreSQL {version}; errors: {failed or 'none'}")


if __name__ == "__main__":
    main()
