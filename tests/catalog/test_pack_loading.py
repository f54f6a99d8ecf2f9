"""Question packs: a manifest, a dataset (CSV or a PostgreSQL dump) and questions."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app.bank.loader import BankError
from app.catalog.packs import load_pack
from app.kinds.sql.models import SqlQuestion

PACKS = Path(__file__).parents[1] / "fixtures" / "packs"
MODELS = {"sql": SqlQuestion}


@pytest.mark.parametrize(
    ("folder", "dataset", "question"),
    [
        ("pgdump_bookstore", "bookstore", "bookstore-priciest-books-per-genre"),
        ("csv_bookstore", "bookstore_csv", "bookstore-csv-customers-without-orders"),
    ],
)
def test_loads_a_pack(folder: str, dataset: str, question: str, tmp_path: Path) -> None:
    info, bank = load_pack(PACKS / folder, tmp_path, MODELS)
    assert info.name == dataset and info.path.exists()
    assert {"books", "authors", "customers"} <= info.table_names()
    assert question in bank.questions


def test_both_formats_give_the_same_data(tmp_path: Path) -> None:
    dump, _ = load_pack(PACKS / "pgdump_bookstore", tmp_path, MODELS)
    csv, _ = load_pack(PACKS / "csv_bookstore", tmp_path, MODELS)
    counts = {t.name: t.row_count for t in dump.tables}
    assert counts == {t.name: t.row_count for t in csv.tables}


def test_missing_manifest(tmp_path: Path) -> None:
    with pytest.raises(BankError, match=r"pack\.toml"):
        load_pack(tmp_path, tmp_path / "out", MODELS)


def test_bad_manifest_names_the_field(tmp_path: Path) -> None:
    (tmp_path / "pack.toml").write_text('name = "x"\ntitle = "x"\n[dataset]\nname = "x"\n')
    with pytest.raises(BankError) as error:
        load_pack(tmp_path, tmp_path / "out", MODELS)
    assert {p.field for p in error.value.problems} >= {"dataset.title", "dataset.format"}


def test_pack_questions_must_use_the_pack_dataset(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    shutil.copytree(PACKS / "csv_bookstore", pack)
    question = pack / "questions" / "bookstore-csv-customers-without-orders.toml"
    question.write_text(question.read_text().replace('"bookstore_csv"', '"shop"'))
    with pytest.raises(BankError, match="its dataset"):
        load_pack(pack, tmp_path / "out", MODELS)
