"""The plan capture script against the local PostgreSQL: two small scenarios of the real
scenario file, captured into a temporary folder. Shapes only, never timings."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from psycopg import sql

from app.plans.capture import load_capture
from tests.catalog.support import postgres_or_skip
from tools.capture_plans import CAPTURES, connect, read_scenarios, run, select

DATABASE = "drill_plans_test"
SCENARIOS = ["orders-returned-seq-scan", "orders-customer-index-scan"]


@pytest.fixture(scope="module")
def captured(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    postgres_or_skip().close()
    out = tmp_path_factory.mktemp("plans")
    run(select(read_scenarios(CAPTURES / "plans.toml"), SCENARIOS), out, DATABASE)
    yield out
    with connect("postgres") as admin:
        admin.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(DATABASE)))


def test_seq_scan_capture(captured: Path) -> None:
    capture = load_capture(captured / "orders-returned-seq-scan.json")
    root = capture.parsed().root
    assert (root.operator, root.relation, root.children) == ("Seq Scan", "orders", [])
    assert root.detail("Filter") == "((status)::text = 'returned'::text)"
    assert capture.setup == ["ANALYZE orders"]
    assert capture.settings["max_parallel_workers_per_gather"] == "0"
    assert capture.version.startswith("PostgreSQL 15")


def test_statistics_of_the_query_columns(captured: Path) -> None:
    orders = load_capture(captured / "orders-returned-seq-scan.json").statistics["orders"]
    assert orders.rows == 20_000
    assert sorted(orders.columns) == ["customer_id", "order_id", "ordered_at", "status"]
    status = orders.columns["status"]
    assert status.n_distinct == 5 and status.null_frac == 0
    assert status.most_common_vals is not None and "returned" in status.most_common_vals


def test_setup_index_is_used_and_rolled_back(captured: Path) -> None:
    root = load_capture(captured / "orders-customer-index-scan.json").parsed().root
    assert (root.operator, root.index) == ("Index Scan", "orders_customer_id_idx")
    with connect(DATABASE) as conn:
        row = conn.execute("SELECT to_regclass('shop.orders_customer_id_idx')").fetchone()
    assert row == (None,)


def test_unknown_scenario_is_refused() -> None:
    with pytest.raises(SystemExit, match="no scenario named nope"):
        select(read_scenarios(CAPTURES / "plans.toml"), ["nope"])


def test_every_scenario_has_its_stored_capture() -> None:
    scenarios = read_scenarios(CAPTURES / "plans.toml")
    stored = sorted(path.stem for path in (CAPTURES / "plans").glob("*.json"))
    assert stored == sorted(scenario.name for scenario in scenarios)
    for scenario in scenarios:
        capture = load_capture(CAPTURES / "plans" / f"{scenario.name}.json")
        assert (capture.query, capture.dataset) == (scenario.query, scenario.dataset)
        assert capture.setup[: len(scenario.setup)] == scenario.setup
        assert capture.parsed().nodes()
