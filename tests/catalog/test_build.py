"""Builds are deterministic, idempotent and atomic."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from app.catalog import (
    CatalogError,
    DatasetInfo,
    DatasetSourceError,
    build_builtin,
    build_dataset,
    load_dataset_info,
)
from tests.catalog.support import DATASETS_DIR, quiet

Builtin = Callable[[str], DatasetInfo]


@pytest.fixture
def org_copy(tmp_path: Path) -> Path:
    """A copy of the org sources that a test may change."""
    source = tmp_path / "sources" / "org"
    shutil.copytree(DATASETS_DIR / "org", source, ignore=shutil.ignore_patterns("__pycache__"))
    return source


def _messages() -> tuple[list[str], Callable[[str], None]]:
    seen: list[str] = []
    return seen, seen.append


@pytest.mark.parametrize(
    "name",
    [
        pytest.param("events", marks=pytest.mark.slow),
        pytest.param("ledger", marks=pytest.mark.slow),  # two builds take several seconds
        "org",
        "shop",
    ],
)
def test_two_builds_store_the_same_data(builtin: Builtin, tmp_path: Path, name: str) -> None:
    again = build_dataset(DATASETS_DIR / name, tmp_path, progress=quiet)
    first = builtin(name)
    assert again.content_hash == first.content_hash
    assert again.source_hash == first.source_hash
    assert again.tables == first.tables


def test_second_build_is_skipped(builtin: Builtin) -> None:
    first = builtin("shop")
    modified = first.path.stat().st_mtime_ns
    seen, progress = _messages()
    again = build_dataset(DATASETS_DIR / "shop", first.path.parent, progress=progress)
    assert again == first  # skipped: the file is untouched and no table was built
    assert first.path.stat().st_mtime_ns == modified
    assert seen == ["shop: up to date (sources unchanged), not rebuilt"]


def test_progress_names_tables_and_row_counts(org_copy: Path, tmp_path: Path) -> None:
    seen, progress = _messages()
    build_dataset(org_copy, tmp_path / "out", progress=progress)
    assert seen[0] == "org: building"
    assert "  org.employees: 500 rows" in seen
    assert seen[-1].startswith("org: built ")


def test_force_rebuilds_to_the_same_content(org_copy: Path, tmp_path: Path) -> None:
    first = build_dataset(org_copy, tmp_path, progress=quiet)
    seen, progress = _messages()
    again = build_dataset(org_copy, tmp_path, force=True, progress=progress)
    assert seen[0] == "org: building"
    assert again.content_hash == first.content_hash


def test_a_changed_source_file_is_rebuilt(org_copy: Path, tmp_path: Path) -> None:
    first = build_dataset(org_copy, tmp_path, progress=quiet)
    with (org_copy / "README.md").open("a", encoding="utf-8") as readme:
        readme.write("\nOne more line.\n")
    seen, progress = _messages()
    again = build_dataset(org_copy, tmp_path, progress=progress)
    assert seen[0] == "org: building"
    assert again.source_hash != first.source_hash
    assert again.content_hash == first.content_hash  # the data did not change


def test_a_new_seed_changes_the_content(org_copy: Path, tmp_path: Path) -> None:
    first = build_dataset(org_copy, tmp_path, progress=quiet)
    manifest = org_copy / "dataset.toml"
    manifest.write_text(manifest.read_text("utf-8").replace("seed = ", "seed = 1"), "utf-8")
    again = build_dataset(org_copy, tmp_path, progress=quiet)
    assert again.content_hash != first.content_hash


def test_a_failed_rebuild_keeps_the_previous_build(org_copy: Path, tmp_path: Path) -> None:
    out_dir = tmp_path / "out"
    first = build_dataset(org_copy, out_dir, progress=quiet)
    generator = org_copy / "generate.py"
    generator.write_text(
        generator.read_text("utf-8").replace("list(DEPARTMENTS)", "[(1, 'x')]"), "utf-8"
    )
    with pytest.raises(DatasetSourceError, match="departments: a row has 2 values, not 5"):
        build_dataset(org_copy, out_dir, progress=quiet)
    assert load_dataset_info(out_dir, "org") == first
    assert sorted(p.name for p in out_dir.iterdir()) == ["org.duckdb", "org.json"]


def test_a_failed_first_build_leaves_nothing(org_copy: Path, tmp_path: Path) -> None:
    schema = org_copy / "schema.sql"
    schema.write_text(
        schema.read_text("utf-8") + "\nCREATE FUNCTION f() RETURNS int AS 'SELECT 1';\n", "utf-8"
    )
    with pytest.raises(DatasetSourceError, match=r"schema\.sql:\d+: cannot translate"):
        build_dataset(org_copy, tmp_path / "out", progress=quiet)
    assert list((tmp_path / "out").iterdir()) == []


def test_files_of_abandoned_builds_are_removed(org_copy: Path, tmp_path: Path) -> None:
    tmp_path.joinpath("out").mkdir()
    abandoned = tmp_path / "out" / ".org.building-999999999.duckdb"  # no such process
    abandoned.write_bytes(b"half a database")
    build_dataset(org_copy, tmp_path / "out", progress=quiet)
    assert not abandoned.exists()


def test_files_of_running_builds_are_left_alone(org_copy: Path, tmp_path: Path) -> None:
    tmp_path.joinpath("out").mkdir()
    running = tmp_path / "out" / f".org.building-{os.getppid()}.duckdb"
    running.write_bytes(b"being written")
    build_dataset(org_copy, tmp_path / "out", progress=quiet)
    assert running.exists()


def test_generator_tables_must_match_the_schema(org_copy: Path, tmp_path: Path) -> None:
    generator = org_copy / "generate.py"
    text = generator.read_text("utf-8").replace('"departments": list', '"divisions": list')
    generator.write_text(text, "utf-8")
    with pytest.raises(DatasetSourceError, match=r"generate\.py: .*missing: \['departments'\]"):
        build_dataset(org_copy, tmp_path, progress=quiet)


def test_build_builtin_builds_the_named_datasets(tmp_path: Path) -> None:
    infos = build_builtin(DATASETS_DIR, tmp_path, names=["org"], progress=quiet)
    assert [info.name for info in infos] == ["org"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["org.duckdb", "org.json"]


def test_build_builtin_refuses_unknown_names(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match="no built-in dataset named nope"):
        build_builtin(DATASETS_DIR, tmp_path, names=["org", "nope"], progress=quiet)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("dataset.toml", "seed = ", "seed = 'x' # "), r"dataset\.toml: .*seed"),
        (("dataset.toml", "title = ", "name = "), r"dataset\.toml: .*title"),
        (("generate.py", "def generate(", "def produce("), r"defines no generate\(rng\)"),
    ],
)
def test_bad_sources_are_named(
    org_copy: Path, tmp_path: Path, change: tuple[str, str, str], message: str
) -> None:
    file_name, old, new = change
    path = org_copy / file_name
    path.write_text(path.read_text("utf-8").replace(old, new, 1), "utf-8")
    with pytest.raises(DatasetSourceError, match=message):
        build_dataset(org_copy, tmp_path, progress=quiet)


def test_dataset_names_must_be_safe_file_names(tmp_path: Path) -> None:
    source = tmp_path / "Org Chart"
    shutil.copytree(DATASETS_DIR / "org", source)
    with pytest.raises(DatasetSourceError, match="must be lowercase letters"):
        build_dataset(source, tmp_path / "out", progress=quiet)
