"""`drill cards import` and `drill cards export` as people use them: files, messages, codes."""

from __future__ import annotations

import io
import shutil
import sqlite3
import zipfile
from contextlib import closing
from pathlib import Path

import pytest

from app.bank.loader import load_questions
from app.cli import main
from app.kinds.defaults import default_kinds
from app.settings import PROJECT_ROOT

CARDS = Path(__file__).parent / "fixtures" / "card_kind"


@pytest.fixture
def cards_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Your own cards folder, empty at first, beside a bank of no card but the known tags."""
    (tmp_path / "bank" / "card").mkdir(parents=True)
    shutil.copy(PROJECT_ROOT / "question_bank" / "card" / "tags.toml", tmp_path / "bank" / "card")
    monkeypatch.setenv("DRILL_BANK_DIR", str(tmp_path / "bank"))
    folder = tmp_path / "my-cards"
    monkeypatch.setenv("DRILL_CARDS_DIR", str(folder))
    return folder


def test_an_import_writes_a_deck_of_your_own(
    cards_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["cards", "import", str(CARDS / "import" / "good.csv")]) == 0
    assert capsys.readouterr().out == f"2 cards imported into {cards_dir / 'good.toml'}\n"
    bank = load_questions([cards_dir], default_kinds().question_models())
    assert len(bank.questions) == 2
    assert main(["bank", "show", sorted(bank.questions)[0]]) == 0  # loaded with the bank
    assert "[card, medium, 2 min: postgresql]" in capsys.readouterr().out


def test_importing_the_same_file_again_needs_replace(
    cards_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = str(CARDS / "import" / "good.csv")
    assert main(["cards", "import", source]) == 0
    assert main(["cards", "import", source]) == 1
    assert "--replace" in capsys.readouterr().err
    assert main(["cards", "import", "--replace", source]) == 0  # its own ids are no clash


def test_a_bad_file_is_refused_line_by_line(
    cards_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = CARDS / "import" / "bad.csv"
    assert main(["cards", "import", str(source)]) == 1
    errors = capsys.readouterr().err.splitlines()
    assert errors[0] == f"problem: {source}: line 4: key_points: 2 given, a card needs 3 to 6"
    assert len(errors) == 10 and not cards_dir.exists()


def _exported_ids(package: Path) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(package.read_bytes())) as archive:
        (package.parent / "collection.anki2").write_bytes(archive.read("collection.anki2"))
    with closing(sqlite3.connect(package.parent / "collection.anki2")) as db:
        fields = [row[0] for row in db.execute("SELECT flds FROM notes")]
    return sorted(value.split("\x1f")[-1] for value in fields)


def test_an_export_holds_your_cards_and_can_take_only_one_tag(
    cards_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(CARDS / "deck", cards_dir)
    assert main(["cards", "export", str(tmp_path / "all.apkg")]) == 0
    assert _exported_ids(tmp_path / "all.apkg") == [
        "fixture-jitter",
        "fixture-keyset-pagination",
        "fixture-serializable-retries",
    ]
    assert main(["cards", "export", "--tag", "retries", str(tmp_path / "one.apkg")]) == 0
    assert _exported_ids(tmp_path / "one.apkg") == ["fixture-jitter"]
    assert "1 card exported to" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("tag", "reason"),
    [("no-such-tag", "'no-such-tag' is not a known tag"), ("kafka", "no card to export tagged")],
)
def test_an_export_with_nothing_to_hold_says_why(
    tag: str, reason: str, cards_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(CARDS / "deck", cards_dir)
    assert main(["cards", "export", "--tag", tag, str(tmp_path / "x.apkg")]) == 1
    assert reason in capsys.readouterr().err and not (tmp_path / "x.apkg").exists()
