"""The fidelity corpus: PostgreSQL queries whose results were captured from PostgreSQL 15.

Each query runs through the engine on the same data (built from the captured dump) and must
return PostgreSQL's result (values and column names), or be rejected as unsupported. At most one
may be rejected.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from app.catalog.build import build_from_pg_dump
from app.sqlengine.engine import SqlEngine
from app.sqlengine.errors import SqlError
from app.sqlengine.grading.compare import GradingPolicy, Ordering, ResultSet
from app.sqlengine.grading.diagnose import diagnose
from tests.cells import decode_row

FIDELITY = Path(__file__).parents[2] / "fixtures" / "fidelity"
EXPECTED: dict[str, Any] = json.loads((FIDELITY / "expected.json").read_text())["queries"]
MAX_REJECTED = 1
TOLERANCE = 1e-9


def _queries() -> dict[str, str]:
    """name -> SQL, from the `-- name:` headers of queries.sql."""
    text = (FIDELITY / "queries.sql").read_text()
    blocks = re.split(r"^-- name: (\w+)\n", text, flags=re.MULTILINE)[1:]
    return {
        name: _strip_headers(body) for name, body in zip(blocks[::2], blocks[1::2], strict=True)
    }


def _strip_headers(body: str) -> str:
    return "\n".join(line for line in body.splitlines() if not line.startswith("-- ")).strip()


QUERIES = _queries()


@pytest.fixture(scope="module")
def fidelity_engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SqlEngine]:
    out = tmp_path_factory.mktemp("fidelity")
    info = build_from_pg_dump(
        "fidelity", "Fidelity", "", FIDELITY / "dump.sql", out, progress=lambda _: None
    )
    with SqlEngine({"fidelity": info}, workers=2) as engine:
        yield engine


def _outcome(engine: SqlEngine, name: str) -> str:
    """'match', 'rejected' or a description of the difference."""
    expected = EXPECTED[name]
    try:
        result = engine.run("fidelity", QUERIES[name])
    except SqlError as error:
        return "rejected" if error.code == "sql_unsupported" else f"{error.code}: {error.message}"
    policy = GradingPolicy(
        Ordering.ORDERED if expected["ordered"] else Ordering.UNORDERED, tolerance=TOLERANCE
    )
    want = ResultSet(
        [c["name"] for c in expected["columns"]], [decode_row(r) for r in expected["rows"]]
    )
    names = [c.name for c in result.columns]
    found = [d.message for d in diagnose(want, ResultSet(names, list(result.rows)), policy)]
    if names != want.columns:
        found.append(f"column names {names}, PostgreSQL's {want.columns}")
    return "; ".join(found) or "match"


def test_corpus_covers_every_captured_query() -> None:
    assert set(QUERIES) == set(EXPECTED) and len(QUERIES) >= 60


KNOWN_GAPS: dict[str, str] = tomllib.loads((FIDELITY / "known_gaps.toml").read_text())["gaps"]


def _params() -> list[Any]:
    """Every query; the known gaps are strict xfails, so fixing one makes the list shrink."""
    return [
        pytest.param(n, marks=pytest.mark.xfail(strict=True, reason=KNOWN_GAPS[n]))
        if n in KNOWN_GAPS
        else n
        for n in sorted(QUERIES)
    ]


@pytest.mark.parametrize("name", _params())
def test_query_matches_postgres_or_is_rejected(fidelity_engine: SqlEngine, name: str) -> None:
    assert _outcome(fidelity_engine, name) in {"match", "rejected"}


def test_match_rate(fidelity_engine: SqlEngine, capsys: pytest.CaptureFixture[str]) -> None:
    outcomes = {name: _outcome(fidelity_engine, name) for name in QUERIES}
    rejected = [n for n, o in outcomes.items() if o == "rejected"]
    matched = sum(o == "match" for o in outcomes.values())
    with capsys.disabled():
        print(
            f"\nfidelity: {matched}/{len(outcomes)} match PostgreSQL 15, "
            f"{len(rejected)} rejected as unsupported {rejected}"
        )
    assert len(rejected) <= MAX_REJECTED


REFUSALS: list[dict[str, str]] = tomllib.loads((FIDELITY / "refusals.toml").read_text())["refusal"]
DUCKDB_VOCABULARY = (
    "Binder Error",
    "STRING_LITERAL",
    "DECIMAL",
    "strftime",
    "Candidate",
    "INT128",
    "_col_",
)


@pytest.mark.parametrize("case", REFUSALS, ids=[case["sql"] for case in REFUSALS])
def test_refusals_speak_in_the_candidates_terms(
    fidelity_engine: SqlEngine, case: dict[str, str]
) -> None:
    with pytest.raises(SqlError) as raised:
        fidelity_engine.run("fidelity", case["sql"])
    error = raised.value
    assert (error.code, case["says"] in error.message) == (case["code"], True), error.message
    assert not [word for word in DUCKDB_VOCABULARY if word in error.message], error.message
