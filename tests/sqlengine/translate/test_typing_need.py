"""Typing is skipped where no fix needs it: a GROUP BY a primary key whose columns all name
their table is translated without it, and still selects the key's dependent columns."""

from __future__ import annotations

import pytest

from app.catalog.models import DatasetInfo
from app.sqlengine.engine import SqlEngine, dataset_schema
from app.sqlengine.translate import to_duckdb
from app.sqlengine.translate.pgtypes import needs_types
from app.sqlengine.translate.validate import validate_sql

QUALIFIED = (
    "SELECT c.id, c.name, count(*) AS n FROM customers AS c JOIN orders AS o "
    "ON o.customer_id = c.id GROUP BY c.id ORDER BY c.id"
)
UNQUALIFIED = "SELECT id, name, count(*) AS n FROM customers GROUP BY id ORDER BY id"
IN_A_SUBQUERY = (
    "SELECT c.id, c.name FROM customers AS c GROUP BY c.id "
    "HAVING c.id IN (SELECT customer_id FROM orders)"
)


def _needs_types(sql: str, shop: DatasetInfo) -> bool:
    tree = validate_sql(sql, dialect="postgres", tables=shop.query_names()).tree
    return needs_types(tree, dataset_schema(shop))


def test_only_unqualified_columns_of_a_key_grouping_need_typing(shop: DatasetInfo) -> None:
    assert not _needs_types(QUALIFIED, shop)
    assert _needs_types(UNQUALIFIED, shop)
    assert not _needs_types(IN_A_SUBQUERY, shop)  # the subquery's own column does not count


@pytest.mark.parametrize("sql", [QUALIFIED, UNQUALIFIED])
def test_dependent_columns_are_selected_either_way(
    sql: str, engine: SqlEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    if sql == QUALIFIED:  # typing would be a waste: it must not happen
        monkeypatch.setattr(to_duckdb, "typed_tree", _no_typing)
    rows = engine.run("shop", sql.replace("count(*) AS n", "1 AS n").replace("JOIN", "LEFT JOIN"))
    assert [row[:2] for row in rows.rows] == [(1, "Ada"), (2, "Bo"), (3, "Cy"), (4, "Di")]


def _no_typing(*_: object) -> None:
    raise AssertionError("typed without need")
