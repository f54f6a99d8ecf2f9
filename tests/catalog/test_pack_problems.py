"""A pack whose dataset cannot be built is reported as problem lines, never as a traceback."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from app.catalog.models import DatasetInfo
from app.cli import main

BROKEN = Path(__file__).parents[1] / "fixtures" / "packs" / "broken" / "cases.toml"
CASES: list[dict[str, Any]] = tomllib.loads(BROKEN.read_text("utf-8"))["case"]


def _write_pack(case: dict[str, Any], folder: Path) -> Path:
    for directory in case.get("dirs", []):
        (folder / directory).mkdir(parents=True)
    for name, text in case["files"].items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "latin-1" if name in case.get("latin1", []) else "utf-8")
    return folder


def _bank_check(pack: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    """The exit code and the error output, which must be problem lines only."""
    code = main(["bank", "check", "--pack", str(pack)])
    errors = capsys.readouterr().err
    assert errors and all(line.startswith("problem: ") for line in errors.splitlines())
    return code, errors


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_a_broken_pack_is_a_problem_line(
    case: dict[str, Any],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    built_datasets: dict[str, DatasetInfo],
) -> None:
    code, output = _bank_check(_write_pack(case, tmp_path / case["name"]), capsys)
    assert code == 1
    for expected in case["expect"]:
        assert expected in output


def test_no_built_dataset_is_a_problem_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DRILL_DATA_DIR", str(tmp_path / "empty"))
    code, output = _bank_check(tmp_path, capsys)
    assert code == 1
    assert output.startswith("problem: no dataset is built in ")
    assert "run `drill datasets build`" in output
