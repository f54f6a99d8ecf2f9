"""Unbounded numeric columns get the smallest DECIMAL that holds every stored value."""

from __future__ import annotations

import tomllib
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import pytest

from app.catalog import DatasetSourceError, build_from_pg_dump
from app.catalog.numeric import smallest_decimal
from tests.catalog.support import quiet

CASES = tomllib.loads((Path(__file__).parent / "numeric_values.toml").read_text("utf-8"))
TYPED: list[dict[str, Any]] = CASES["typed"]
REFUSED: list[dict[str, Any]] = CASES["refused"]


@pytest.mark.parametrize("case", TYPED, ids=[case["type"] for case in TYPED])
def test_the_smallest_decimal_holds_every_value(case: dict[str, Any]) -> None:
    kind = smallest_decimal(case["values"], "column t.x").sql("duckdb")
    assert kind.replace(" ", "") == case["type"]
    with duckdb.connect() as conn:
        for text in case["values"]:
            stored = conn.execute(f"SELECT CAST(? AS {kind})", [text]).fetchone()
            assert stored is not None and stored[0] == Decimal(text)


@pytest.mark.parametrize("case", REFUSED, ids=[case["values"][-1] for case in REFUSED])
def test_values_no_decimal_holds_are_refused(case: dict[str, Any]) -> None:
    with pytest.raises(DatasetSourceError, match=f"^column t.x: {case['reason']}"):
        smallest_decimal(case["values"], "column t.x")


def _dump(tmp_path: Path, rows: str) -> Path:
    dump = tmp_path / "dump.sql"
    dump.write_text(f"CREATE TABLE public.t (id integer PRIMARY KEY, x numeric);\n{rows}", "utf-8")
    return dump


def test_a_dump_column_is_typed_from_its_rows(tmp_path: Path) -> None:
    rows = (
        "INSERT INTO public.t VALUES (1, 2.5), (2, NULL);\nINSERT INTO public.t VALUES (3, -.125);"
    )
    info = build_from_pg_dump("n", "N", "", _dump(tmp_path, rows), tmp_path / "out", progress=quiet)
    column = info.table("t").columns[1]
    assert (column.type, column.postgres_type) == ("DECIMAL(4,3)", "numeric")
    with duckdb.connect(str(info.path), read_only=True) as conn:
        stored = conn.execute("SELECT x FROM t ORDER BY id").fetchall()
    assert stored == [(Decimal("2.5"),), (None,), (Decimal("-0.125"),)]


def test_a_column_too_wide_is_refused_naming_the_dump(tmp_path: Path) -> None:
    dump = _dump(tmp_path, "INSERT INTO public.t VALUES (1, 1e40);\n")
    with pytest.raises(DatasetSourceError, match=r"column public\.t\.x: its values need 41 digits"):
        build_from_pg_dump("n", "N", "", dump, tmp_path / "out", progress=quiet)
