"""Build DuckDB files of datasets: built-in generators, CSV packs and pg_dump packs.

A build writes `<out_dir>/<name>.duckdb` and its sidecar `<name>.json`. It is idempotent (an
unchanged source is not rebuilt) and atomic: the database is built under a temporary name and
renamed into place, so a crash never leaves a half-built file behind a valid sidecar.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb

from app.catalog.errors import CatalogError, DatasetSourceError
from app.catalog.metadata import content_hash, describe_tables
from app.catalog.models import DatasetInfo, TableInfo
from app.catalog.populate import (
    Origins,
    Progress,
    populate_csv,
    populate_dump,
    populate_generated,
)
from app.catalog.sidecar import database_path, read_sidecar, sidecar_path, write_sidecar
from app.catalog.sidecar import load_all as load_all  # re-exported: the build's other half
from app.catalog.sidecar import load_dataset_info as load_dataset_info
from app.catalog.sources import (
    check_dataset_name,
    read_builtin_source,
    source_hash,
    translator_fingerprint,
)

Populate = Callable[[duckdb.DuckDBPyConnection, Progress], Origins]
PUBLIC_ONLY = ("public",)


@dataclass(frozen=True)
class _Recipe:
    """Everything a build needs to know about one dataset, whatever its source."""

    name: str
    title: str
    description: str
    source_hash: str
    populate: Populate
    search_path: Sequence[str] = PUBLIC_ONLY


def build_dataset(
    source_dir: Path, out_dir: Path, *, force: bool = False, progress: Progress = print
) -> DatasetInfo:
    """Build the built-in dataset whose sources are in `source_dir`."""
    source = read_builtin_source(source_dir)
    recipe = _Recipe(
        name=source.name,
        title=source.manifest.title,
        description=source.manifest.description,
        source_hash=source.source_hash(),
        populate=lambda conn, report: populate_generated(conn, source, report),
    )
    return _build(recipe, out_dir, force=force, progress=progress)


def build_builtin(
    datasets_dir: Path,
    out_dir: Path,
    *,
    names: Collection[str] | None = None,
    force: bool = False,
    progress: Progress = print,
) -> list[DatasetInfo]:
    """Build the built-in datasets (all of them, or those named), in name order."""
    available = sorted(p.name for p in datasets_dir.iterdir() if (p / "dataset.toml").is_file())
    wanted = available if names is None else sorted(set(names))
    unknown = sorted(set(wanted) - set(available))
    if unknown:
        raise CatalogError(f"no built-in dataset named {', '.join(unknown)} in {datasets_dir}")
    return [
        build_dataset(datasets_dir / name, out_dir, force=force, progress=progress)
        for name in wanted
    ]


def build_from_csv(
    name: str,
    title: str,
    description: str,
    schema_sql: Path,
    csv_dir: Path,
    out_dir: Path,
    *,
    search_path: Sequence[str] = PUBLIC_ONLY,
    force: bool = False,
    progress: Progress = print,
) -> DatasetInfo:
    """Build a pack dataset from PostgreSQL DDL and one `<table>.csv` (with header) per table."""
    if not csv_dir.is_dir():
        raise DatasetSourceError("folder not found", path=csv_dir)
    files = [schema_sql, *sorted(csv_dir.glob("*.csv"))]
    labels = ["csv", name, title, description, *search_path]
    recipe = _Recipe(
        name=check_dataset_name(name),
        title=title,
        description=description,
        source_hash=_pack_hash(labels, files),
        populate=lambda conn, report: populate_csv(conn, name, schema_sql, csv_dir, report),
        search_path=search_path,
    )
    return _build(recipe, out_dir, force=force, progress=progress)


def build_from_pg_dump(
    name: str,
    title: str,
    description: str,
    dump_sql: Path,
    out_dir: Path,
    *,
    search_path: Sequence[str] = PUBLIC_ONLY,
    force: bool = False,
    progress: Progress = print,
) -> DatasetInfo:
    """Build a pack dataset from a plain PostgreSQL dump (`pg_dump --inserts`)."""
    labels = ["pg_dump", name, title, description, *search_path]
    recipe = _Recipe(
        name=check_dataset_name(name),
        title=title,
        description=description,
        source_hash=_pack_hash(labels, [dump_sql]),
        populate=lambda conn, report: populate_dump(conn, name, dump_sql, report),
        search_path=search_path,
    )
    return _build(recipe, out_dir, force=force, progress=progress)


def _pack_hash(labels: list[str], files: list[Path]) -> str:
    """The sources' hash; a pack's views are translated when built, so the translator counts."""
    missing = [path for path in files if not path.is_file()]
    if missing:
        raise DatasetSourceError("file not found", path=missing[0])
    base = Path(os.path.commonpath([path.parent for path in files]))
    return source_hash(files, base=base, labels=[*labels, translator_fingerprint()])


def _build(recipe: _Recipe, out_dir: Path, *, force: bool, progress: Progress) -> DatasetInfo:
    existing = None if force else _up_to_date(recipe, out_dir)
    if existing is not None:
        progress(f"{recipe.name}: up to date (sources unchanged), not rebuilt")
        return existing
    progress(f"{recipe.name}: building")
    started = time.perf_counter()
    info = _build_atomically(recipe, out_dir, progress)
    rows = sum(table.row_count for table in info.tables)
    progress(f"{recipe.name}: built {rows:,} rows in {time.perf_counter() - started:.1f} s")
    return info


def _up_to_date(recipe: _Recipe, out_dir: Path) -> DatasetInfo | None:
    """The existing build, if it was made from the same sources."""
    built = sidecar_path(out_dir, recipe.name), database_path(out_dir, recipe.name)
    if not all(path.is_file() for path in built):
        return None
    try:
        info = read_sidecar(out_dir, recipe.name)
    except CatalogError:
        return None  # an unreadable sidecar is rebuilt, not trusted
    return info if info.source_hash == recipe.source_hash else None


def _build_atomically(recipe: _Recipe, out_dir: Path, progress: Progress) -> DatasetInfo:
    """Build under a temporary name in `out_dir`, then move the result into place."""
    out_dir.mkdir(parents=True, exist_ok=True)
    _remove_abandoned_builds(out_dir, recipe.name)
    temporary = out_dir / f".{recipe.name}.building-{os.getpid()}.duckdb"
    try:
        info = _build_into(temporary, recipe, database_path(out_dir, recipe.name), progress)
        _publish(info, temporary, out_dir)
    finally:
        _remove_database_files(temporary)
    return info


def _build_into(
    temporary: Path, recipe: _Recipe, final_path: Path, progress: Progress
) -> DatasetInfo:
    with duckdb.connect(str(temporary)) as conn:
        origins = recipe.populate(conn, progress)
        conn.execute("CHECKPOINT")
        tables = describe_tables(conn, list(origins), origins)
        _check_search_path(tables, recipe.search_path)
        return DatasetInfo(
            name=recipe.name,
            title=recipe.title,
            description=recipe.description,
            path=final_path,
            content_hash=content_hash(conn, tables),
            source_hash=recipe.source_hash,
            tables=tables,
            search_path=list(recipe.search_path),
        )


def _check_search_path(tables: list[TableInfo], search_path: Sequence[str]) -> None:
    """Every schema must be on the search path: DuckDB finds every bare name, PostgreSQL only
    those the search path leads to, and the two must agree."""
    for table in tables:
        if table.schema_name not in search_path:
            raise DatasetSourceError(
                f"table {table.schema_name}.{table.name} is in a schema the search path "
                f"({', '.join(search_path)}) does not list: declare it in pack.toml, e.g. "
                f'search_path = ["{table.schema_name}", "public"]'
            )


def _publish(info: DatasetInfo, temporary: Path, out_dir: Path) -> None:
    """Move the new database into place; the old sidecar goes first, the new one last.

    A crash in between leaves no sidecar, which means "not built": never a sidecar that
    describes another file.
    """
    sidecar = sidecar_path(out_dir, info.name)
    sidecar.unlink(missing_ok=True)
    os.replace(temporary, info.path)
    write_sidecar(info, sidecar)


def _remove_abandoned_builds(out_dir: Path, name: str) -> None:
    """Delete temporary files of builds whose process is gone (crashed or killed)."""
    for leftover in out_dir.glob(f".{name}.building-*.duckdb"):
        pid = leftover.name.removeprefix(f".{name}.building-").removesuffix(".duckdb")
        if pid.isdigit() and not _process_alive(int(pid)):
            _remove_database_files(leftover)


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # alive, owned by someone else
    return True


def _remove_database_files(path: Path) -> None:
    for candidate in (path, path.with_name(path.name + ".wal")):
        with contextlib.suppress(FileNotFoundError):
            candidate.unlink()
