"""Dataset sources: a built-in dataset folder, and the hash that says whether to rebuild."""

from __future__ import annotations

import hashlib
import importlib.util
import random
import re
import sys
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
from pydantic import BaseModel, ConfigDict, ValidationError

from app.catalog.errors import DatasetSourceError

# Bump when the build changes what it stores from the same sources, so old builds are redone.
BUILD_FORMAT = 1
_NAME = re.compile(r"[a-z][a-z0-9_]{0,62}")

GeneratedRows = Mapping[str, Iterable[Sequence[Any]]]


class DatasetManifest(BaseModel):
    """dataset.toml of a built-in dataset."""

    model_config = ConfigDict(extra="forbid")
    title: str
    description: str
    seed: int


@dataclass(frozen=True)
class BuiltinSource:
    """A folder under datasets/: dataset.toml, schema.sql, generate.py, README.md."""

    name: str
    manifest: DatasetManifest
    directory: Path

    @property
    def schema_path(self) -> Path:
        return self.directory / "schema.sql"

    @property
    def generator_path(self) -> Path:
        return self.directory / "generate.py"

    def source_hash(self) -> str:
        """Hash of every file of the folder (caches and hidden files aside)."""
        files = [p for p in self.directory.rglob("*") if p.is_file() and _is_source_file(p)]
        return source_hash(files, base=self.directory, labels=[self.name])

    def generate(self) -> GeneratedRows:
        """Run the generator with a Random seeded from dataset.toml."""
        module = _load_module(self.generator_path, f"drill_dataset_{self.name}")
        generate = getattr(module, "generate", None)
        if not callable(generate):
            raise DatasetSourceError("defines no generate(rng) function", path=self.generator_path)
        rows = generate(random.Random(self.manifest.seed))
        if not isinstance(rows, Mapping):
            message = "generate() must return {table: rows}"
            raise DatasetSourceError(message, path=self.generator_path)
        return rows


def read_builtin_source(directory: Path) -> BuiltinSource:
    """Check a dataset folder and read its dataset.toml."""
    name = check_dataset_name(directory.name)
    for required in ("dataset.toml", "schema.sql", "generate.py"):
        if not (directory / required).is_file():
            raise DatasetSourceError(f"missing {required}", path=directory)
    manifest_path = directory / "dataset.toml"
    try:
        manifest = DatasetManifest.model_validate(tomllib.loads(manifest_path.read_text("utf-8")))
    except tomllib.TOMLDecodeError as error:
        raise DatasetSourceError(str(error), path=manifest_path) from error
    except ValidationError as error:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in error.errors())
        raise DatasetSourceError(problems, path=manifest_path) from error
    return BuiltinSource(name=name, manifest=manifest, directory=directory)


def read_source_text(path: Path) -> str:
    """A source file's text; an unreadable or non-UTF-8 file is a DatasetSourceError."""
    try:
        return path.read_text("utf-8")
    except UnicodeDecodeError as error:
        raise DatasetSourceError(f"is not UTF-8 text ({error.reason})", path=path) from error
    except OSError as error:
        raise DatasetSourceError(f"cannot be read ({error.strerror})", path=path) from error


def check_dataset_name(name: str) -> str:
    """A dataset name becomes a file name: lowercase letters, digits and underscores."""
    if not _NAME.fullmatch(name):
        raise DatasetSourceError(
            f"dataset name {name!r} must be lowercase letters, digits and underscores, "
            "starting with a letter"
        )
    return name


def source_hash(files: Iterable[Path], *, base: Path, labels: Sequence[str]) -> str:
    """sha256 of the builder version, DuckDB version, labels and the files (path and bytes).

    The DuckDB version is part of it because a new version may store, hash or compute
    values differently; a build from another version is redone rather than trusted.
    """
    digest = hashlib.sha256()
    for part in (f"format {BUILD_FORMAT}", f"duckdb {duckdb.__version__}", *labels):
        _update(digest, part.encode())
    for path in sorted(files, key=lambda p: p.relative_to(base).as_posix()):
        _update(digest, path.relative_to(base).as_posix().encode())
        _update(digest, path.read_bytes())
    return digest.hexdigest()


def translator_fingerprint() -> str:
    """A hash of the SQL translator's sources: views are translated when a pack is built."""
    folder = Path(__file__).resolve().parents[1] / "sqlengine" / "translate"
    files = [*folder.glob("*.py"), *folder.glob("*.toml")]
    return source_hash(files, base=folder, labels=["translator"])


def _update(digest: Any, part: bytes) -> None:
    # Length-prefixed, so ("ab", "c") and ("a", "bc") hash differently.
    digest.update(len(part).to_bytes(8, "big"))
    digest.update(part)


def _is_source_file(path: Path) -> bool:
    return not path.name.startswith(".") and "__pycache__" not in path.parts


def _load_module(path: Path, module_name: str) -> Any:
    spec = importlib.util.spec_from_file_location(module_name, path)
    if spec is None or spec.loader is None:
        raise DatasetSourceError("cannot be imported", path=path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module  # dataclasses look their module up while it loads
    spec.loader.exec_module(module)
    return module
