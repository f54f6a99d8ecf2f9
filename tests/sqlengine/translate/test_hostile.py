"""The hostile corpus: every input is rejected with its stable code and nothing is touched."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import duckdb
import pytest

from app.catalog.models import DatasetInfo
from app.sqlengine.engine import SqlEngine
from app.sqlengine.errors import SqlError
from app.sqlengine.execution.connection import Limits, open_hardened
from app.sqlengine.translate.validate import validate_sql

CORPUS = tomllib.loads(
    (Path(__file__).parents[2] / "fixtures" / "hostile" / "corpus.toml").read_text()
)["case"]
TABLES = {"customers", "orders", "order_items", "products"}


def _sql(case: dict[str, Any]) -> str:
    if "sql" in case:
        return str(case["sql"])
    text = str(case["sql_template"])
    for key, (piece, times) in case["repeat"].items():
        text = text.replace("{" + key + "}", piece * times)
    return text


def _cases(phase: str) -> list[Any]:
    chosen = [c for c in CORPUS if c.get("phase", "validate") == phase]
    return [pytest.param(c, id=c["name"]) for c in chosen]


@pytest.mark.parametrize("case", _cases("validate"))
def test_rejected_before_running(case: dict[str, Any]) -> None:
    with pytest.raises(SqlError) as error:
        validate_sql(
            _sql(case),
            dialect=case.get("dialect", "postgres"),
            tables=TABLES,
            allow_explain=case.get("explain_allowed", False),
        )
    assert error.value.code in case["code"].split("|"), error.value.message
    assert error.value.message


@pytest.mark.parametrize("case", _cases("run"))
def test_stopped_while_running(case: dict[str, Any], big_engine: SqlEngine) -> None:
    with pytest.raises(SqlError) as error:
        big_engine.run("shop", _sql(case), dialect=case.get("dialect", "postgres"))
    assert error.value.code in case["code"].split("|"), error.value.message
    assert big_engine.run("shop", "SELECT count(*) FROM customers").rows == [(1200,)]


def test_corpus_is_large_and_names_are_unique() -> None:
    names = [c["name"] for c in CORPUS]
    assert len(names) >= 90 and len(set(names)) == len(names)


BYPASSING_VALIDATION = [
    "SELECT * FROM read_csv('{secret}')",
    "SELECT * FROM '{secret}'",
    "COPY (SELECT 1) TO '{target}'",
    "ATTACH '{target}' AS other",
    "SET enable_external_access = true",
    "INSTALL httpfs",
    "CREATE TABLE x AS SELECT 1",
]


@pytest.mark.parametrize("sql", BYPASSING_VALIDATION)
def test_hardened_connection_refuses_even_without_validation(
    sql: str, shop: DatasetInfo, tmp_path: Path
) -> None:
    secret, target = tmp_path / "secret.csv", tmp_path / "written"
    secret.write_text("a\n1\n")
    connection = open_hardened(shop.path, Limits())
    with pytest.raises(duckdb.Error):
        connection.cursor().execute(sql.format(secret=secret, target=target)).fetchall()
    assert not target.exists()
