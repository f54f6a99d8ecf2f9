"""Question packs: a folder with `pack.toml`, its own dataset and its own questions.

The dataset comes as PostgreSQL DDL plus one CSV file per table, or as a plain PostgreSQL dump
(`pg_dump --inserts`). See docs/packs.md for the format.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError

from app.bank.loader import Bank, BankError, ContentProblem, QuestionModels, load_questions
from app.bank.models import Strict, dataset_of
from app.catalog.build import build_from_csv, build_from_pg_dump
from app.catalog.errors import CatalogError, DatasetSourceError
from app.catalog.models import DatasetInfo

MANIFEST = "pack.toml"
FIX_THE_SOURCE = "fix it (docs/packs.md says what a dataset may hold) and check the pack again"


class PackDataset(Strict):
    name: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    title: str
    description: str = ""
    format: Literal["csv", "pg_dump"]
    schema_file: str = "schema.sql"
    csv_dir: str = "data"
    dump_file: str = "dump.sql"
    # Where unqualified table names are found, as PostgreSQL's search_path; every schema that
    # holds tables must be on it.
    search_path: list[str] = Field(default=["public"], min_length=1)


class PackManifest(Strict):
    name: str
    title: str
    description: str = ""
    dataset: PackDataset


def load_pack(folder: Path, out_dir: Path, models: QuestionModels) -> tuple[DatasetInfo, Bank]:
    """Build the pack's dataset (if changed) and load its questions (of the kinds in `models`:
    each must run on the pack's dataset)."""
    manifest = read_manifest(folder)
    try:
        dataset = _build(folder, manifest.dataset, out_dir)
    except CatalogError as error:
        raise BankError([dataset_problem(folder, error)]) from error
    bank = load_questions([folder / "questions"], models)
    wrong = [q for q in bank.questions.values() if dataset_of(q) != dataset.name]
    if wrong:
        raise BankError(
            [
                ContentProblem(
                    bank.sources[q.id],
                    "dataset",
                    f"a pack's questions use its dataset {dataset.name!r}",
                )
                for q in wrong
            ]
        )
    return dataset, bank


def read_manifest(folder: Path) -> PackManifest:
    path = folder / MANIFEST
    if not path.is_file():
        raise BankError([ContentProblem(path, "(file)", "a pack needs a pack.toml manifest")])
    try:
        return PackManifest.model_validate(tomllib.loads(path.read_text(encoding="utf-8")))
    except tomllib.TOMLDecodeError as error:
        raise BankError([ContentProblem(path, "(file)", f"not valid TOML: {error}")]) from None
    except ValidationError as error:
        raise BankError(
            [ContentProblem(path, ".".join(map(str, e["loc"])), e["msg"]) for e in error.errors()]
        ) from None


def dataset_problem(folder: Path, error: CatalogError) -> ContentProblem:
    """A dataset that does not build, as a problem line: the file (and line) at fault and what
    to do about it."""
    if not isinstance(error, DatasetSourceError):
        return ContentProblem(folder / MANIFEST, "dataset", f"pack {folder.name}: {error}")
    where = f"line {error.line}" if error.line is not None else "(file)"
    first_line = error.reason.splitlines()[0]  # DuckDB adds lines about SQL the user never wrote
    reason = f"pack {folder.name}: {first_line}; {FIX_THE_SOURCE}"
    return ContentProblem(error.path or folder / MANIFEST, where, reason)


def _build(folder: Path, dataset: PackDataset, out_dir: Path) -> DatasetInfo:
    if dataset.format == "csv":
        return build_from_csv(
            dataset.name,
            dataset.title,
            dataset.description,
            folder / dataset.schema_file,
            folder / dataset.csv_dir,
            out_dir,
            search_path=dataset.search_path,
        )
    return build_from_pg_dump(
        dataset.name,
        dataset.title,
        dataset.description,
        folder / dataset.dump_file,
        out_dir,
        search_path=dataset.search_path,
    )
