"""Reading built datasets back: sidecars, clear errors when something is not built."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from app.catalog import (
    CatalogError,
    DatasetInfo,
    DatasetNotBuiltError,
    UnknownTableError,
    build_dataset,
    load_all,
    load_dataset_info,
)
from tests.catalog.support import DATASETS_DIR, quiet


@pytest.fixture(scope="module")
def org_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out_dir = tmp_path_factory.mktemp("org")
    build_dataset(DATASETS_DIR / "org", out_dir, progress=quiet)
    return out_dir


@pytest.fixture
def org_info(org_dir: Path) -> DatasetInfo:
    return load_dataset_info(org_dir, "org")


def test_missing_sidecar_says_how_to_build(tmp_path: Path) -> None:
    with pytest.raises(
        DatasetNotBuiltError, match=r"'shop' is not built in .*drill datasets build"
    ):
        load_dataset_info(tmp_path, "shop")


def test_sidecar_without_its_database_is_not_built(org_dir: Path, tmp_path: Path) -> None:
    shutil.copy(org_dir / "org.json", tmp_path / "org.json")
    with pytest.raises(DatasetNotBuiltError, match="drill datasets build"):
        load_dataset_info(tmp_path, "org")


@pytest.mark.parametrize("where", ["empty", "missing"])
def test_load_all_with_nothing_built_says_how_to_build(tmp_path: Path, where: str) -> None:
    out_dir = tmp_path if where == "empty" else tmp_path / "nowhere"
    with pytest.raises(
        DatasetNotBuiltError, match=r"no dataset is built in .*drill datasets build"
    ):
        load_all(out_dir)


def test_load_all_finds_every_built_dataset(org_dir: Path, tmp_path: Path) -> None:
    shutil.copytree(org_dir, tmp_path, dirs_exist_ok=True)
    (tmp_path / "notes.json").write_text("{}", "utf-8")  # not a sidecar: no notes.duckdb
    assert list(load_all(tmp_path)) == ["org"]


def test_unreadable_sidecar_is_a_clear_error(org_dir: Path, tmp_path: Path) -> None:
    shutil.copy(org_dir / "org.duckdb", tmp_path / "org.duckdb")
    (tmp_path / "org.json").write_text("{not json", "utf-8")
    with pytest.raises(CatalogError, match=r"org\.json is unreadable .*--force"):
        load_dataset_info(tmp_path, "org")


def test_unreadable_sidecar_is_rebuilt(org_dir: Path, tmp_path: Path) -> None:
    shutil.copy(org_dir / "org.duckdb", tmp_path / "org.duckdb")
    (tmp_path / "org.json").write_text("{}", "utf-8")
    seen: list[str] = []
    build_dataset(DATASETS_DIR / "org", tmp_path, progress=seen.append)
    assert seen[0] == "org: building"
    assert load_dataset_info(tmp_path, "org").table_names() == {
        "departments",
        "employees",
        "salary_history",
    }


def test_sidecar_leaves_out_the_path_so_builds_can_move(org_dir: Path, tmp_path: Path) -> None:
    assert "path" not in json.loads((org_dir / "org.json").read_text("utf-8"))
    moved = tmp_path / "moved"
    shutil.copytree(org_dir, moved)
    assert load_dataset_info(moved, "org").path == moved / "org.duckdb"


def test_table_lookup(org_info: DatasetInfo) -> None:
    employees = org_info.table("employees")
    assert employees.primary_key == ["employee_id"]
    assert employees.column_names()[:3] == ["employee_id", "first_name", "last_name"]
    manager = next(c for c in employees.columns if c.name == "manager_id")
    assert (manager.type, manager.nullable) == ("INTEGER", True)
    assert manager.comment == "Direct manager; NULL only for the chief executive."


def test_unknown_table_is_a_key_error_naming_the_tables(org_info: DatasetInfo) -> None:
    with pytest.raises(KeyError) as caught:
        org_info.table("staff")
    assert isinstance(caught.value, UnknownTableError)
    assert str(caught.value) == (
        "dataset 'org' has no table 'staff' (tables: departments, employees, salary_history)"
    )


def test_self_referencing_table_keeps_its_foreign_key(org_info: DatasetInfo) -> None:
    employees = org_info.table("employees")
    assert [key.ref_table for key in employees.foreign_keys] == ["departments", "employees"]
    assert employees.row_count == 500
