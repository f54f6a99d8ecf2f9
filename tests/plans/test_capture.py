"""Capture files: a recorded PostgreSQL plan with its circumstances, read and validated."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.plans.capture import capture_path, load_capture
from app.plans.errors import PlanFormatError

PLANS = Path(__file__).parents[1] / "fixtures" / "plans" / "postgres"


def write_capture(folder: Path, **changes: object) -> Path:
    document = {
        "scenario": "orders-refunded",
        "dataset": "shop",
        "setup": [],
        "query": "SELECT * FROM orders WHERE status = 'refunded'",
        "settings": {"work_mem": "4MB"},
        "version": "PostgreSQL 15.18",
        "captured_at": "2026-12-01",
        "plan": json.loads((PLANS / "seq-scan-filter.json").read_text()),
        **changes,
    }
    path = capture_path(folder, "orders-refunded")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document))
    return path


def test_capture_parses(tmp_path: Path) -> None:
    capture = load_capture(write_capture(tmp_path))
    assert capture_path(tmp_path, "x") == tmp_path / "plans" / "x.json"
    assert capture.settings == {"work_mem": "4MB"}
    assert capture.parsed().root.relation == "orders"


@pytest.mark.parametrize(
    "changes",
    [{"plan": []}, {"captured_at": "yesterday"}, {"version": ""}, {"extra": 1}],
)
def test_bad_capture(tmp_path: Path, changes: dict[str, object]) -> None:
    with pytest.raises(PlanFormatError, match="not a valid capture"):
        load_capture(write_capture(tmp_path, **changes))


def test_missing_capture(tmp_path: Path) -> None:
    with pytest.raises(PlanFormatError, match="no capture file"):
        load_capture(tmp_path / "plans" / "absent.json")
