"""The JSON file next to each built dataset: its DatasetInfo, read without opening DuckDB.

The sidecar leaves out the path of the .duckdb file: it is always the file next to it, so a
build directory can be moved or mounted elsewhere.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from pydantic import ValidationError

from app.catalog.errors import CatalogError, DatasetNotBuiltError
from app.catalog.models import DatasetInfo

_BUILD_HINT = "run `drill datasets build`"


def database_path(out_dir: Path, name: str) -> Path:
    """Where the DuckDB file of dataset `name` lives."""
    return out_dir / f"{name}.duckdb"


def sidecar_path(out_dir: Path, name: str) -> Path:
    """Where the sidecar of dataset `name` lives."""
    return out_dir / f"{name}.json"


def write_sidecar(info: DatasetInfo, path: Path) -> None:
    """Write the sidecar atomically (a reader sees the old file or the new one, whole)."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_text(info.model_dump_json(indent=2, exclude={"path"}) + "\n", "utf-8")
    os.replace(temporary, path)


def read_sidecar(out_dir: Path, name: str) -> DatasetInfo:
    """The DatasetInfo of a built dataset; CatalogError if the sidecar is unreadable."""
    path = sidecar_path(out_dir, name)
    try:
        data = json.loads(path.read_text("utf-8"))
        return DatasetInfo.model_validate({**data, "path": database_path(out_dir, name)})
    except (OSError, ValueError, TypeError, ValidationError) as error:
        raise CatalogError(
            f"{path} is unreadable ({error}); rebuild with `drill datasets build --force`"
        ) from error


def load_dataset_info(out_dir: Path, name: str) -> DatasetInfo:
    """The DatasetInfo of built dataset `name`; DatasetNotBuiltError if it is not built."""
    if not (sidecar_path(out_dir, name).is_file() and database_path(out_dir, name).is_file()):
        raise DatasetNotBuiltError(f"dataset {name!r} is not built in {out_dir}: {_BUILD_HINT}")
    return read_sidecar(out_dir, name)


def load_all(out_dir: Path) -> dict[str, DatasetInfo]:
    """Every dataset built in `out_dir`, by name; DatasetNotBuiltError if there is none."""
    sidecars = [p for p in out_dir.glob("*.json") if not p.name.startswith(".")]
    names = sorted(p.stem for p in sidecars if p.with_suffix(".duckdb").is_file())
    if not names:
        raise DatasetNotBuiltError(f"no dataset is built in {out_dir}: {_BUILD_HINT}")
    return {name: load_dataset_info(out_dir, name) for name in names}
