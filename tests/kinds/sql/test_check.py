"""The SQL kind's checks in `drill bank check` prove content by running it; broken content is
caught with its field."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.bank.check import check_bank
from app.bank.loader import load_questions
from app.kinds.registry import Services
from app.kinds.sql.kind import make_checker
from app.kinds.sql.models import SqlQuestion
from app.sqlengine.engine import SqlEngine

BANK = Path(__file__).parents[2] / "fixtures" / "bank"
MODELS = {"sql": SqlQuestion}
EXPECTED = json.loads((BANK / "broken" / "expectations.json").read_text())
BROKEN = sorted(name for name in EXPECTED if not name.startswith("_"))


def test_good_content_passes(engine: SqlEngine) -> None:
    progress: list[str] = []
    checks = {"sql": make_checker(Services(engine))}
    problems = check_bank(load_questions([BANK / "good"], MODELS), checks, progress.append)
    assert problems == []
    assert sorted(progress) == [
        "ok   customers-by-city-with-ties",
        "ok   customers-by-name",
        "ok   orders-per-customer",
    ]


@pytest.mark.parametrize("name", BROKEN)
def test_broken_content_is_caught(engine: SqlEngine, name: str, tmp_path: Path) -> None:
    (tmp_path / name).write_text((BANK / "broken" / name).read_text())
    checks = {"sql": make_checker(Services(engine))}
    problems = check_bank(load_questions([tmp_path], MODELS), checks, lambda _: None)
    field, words = EXPECTED[name]
    assert [p.field for p in problems] == [field]
    assert problems[0].reason and words in problems[0].reason
