"""The Anki package: read back from its SQLite collection, notes keep their GUIDs across
exports, so importing a newer export updates the notes instead of copying them."""

from __future__ import annotations

import io
import json
import sqlite3
import zipfile
from contextlib import closing
from pathlib import Path

from app.kinds.card.anki import DECK_ID, MODEL_ID, apkg_bytes, cards_to_export
from app.kinds.card.models import CardQuestion

FIELD_SEPARATOR = "\x1f"


def _collection(package: bytes, tmp_path: Path) -> sqlite3.Connection:
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        assert "collection.anki2" in archive.namelist()
        tmp_path.mkdir(parents=True, exist_ok=True)
        (tmp_path / "collection.anki2").write_bytes(archive.read("collection.anki2"))
    return sqlite3.connect(tmp_path / "collection.anki2")


def _notes(package: bytes, tmp_path: Path) -> dict[str, tuple[str, list[str], str]]:
    """Each note by its CardId field: its GUID, its fields and its tags."""
    with closing(_collection(package, tmp_path)) as db:
        rows = db.execute("SELECT guid, flds, tags FROM notes").fetchall()
    notes = {}
    for guid, fields, tags in rows:
        values = fields.split(FIELD_SEPARATOR)
        notes[values[-1]] = (guid, values, tags.strip())
    return notes


def test_every_card_is_a_note_with_its_prompt_in_front_and_answer_behind(
    deck: dict[str, CardQuestion], tmp_path: Path
) -> None:
    notes = _notes(apkg_bytes(deck.values(), timestamp=1.0e9), tmp_path)
    assert set(notes) == set(deck)
    _, (prompt, answer, points, _), tags = notes["fixture-keyset-pagination"]
    assert prompt == "Why do large APIs page with a cursor instead of LIMIT and OFFSET?"
    assert answer.startswith("<p>With OFFSET the database still reads every row it skips, so")
    assert points.startswith("<ul><li>OFFSET reads and throws away every skipped row</li>")
    assert tags.split() == ["pagination", "api-design", "indexes"]


def test_a_second_export_keeps_every_guid_even_when_a_card_changes(
    deck: dict[str, CardQuestion], tmp_path: Path
) -> None:
    first = _notes(apkg_bytes(deck.values(), timestamp=1.0e9), tmp_path / "a")
    edited = [c.model_copy(update={"prompt": c.prompt + " Say why."}) for c in deck.values()]
    second = _notes(apkg_bytes(edited, timestamp=2.0e9), tmp_path / "b")
    assert {key: note[0] for key, note in first.items()} == {k: n[0] for k, n in second.items()}
    assert len({note[0] for note in first.values()}) == len(deck)  # one GUID per card
    assert second["fixture-jitter"][1][0].endswith("Say why.")


def test_the_deck_and_note_model_ids_are_fixed(
    deck: dict[str, CardQuestion], tmp_path: Path
) -> None:
    with closing(_collection(apkg_bytes(deck.values()), tmp_path)) as db:
        models, decks = db.execute("SELECT models, decks FROM col").fetchone()
    assert str(MODEL_ID) in json.loads(models) and str(DECK_ID) in json.loads(decks)


def test_text_is_escaped_as_html(deck: dict[str, CardQuestion], tmp_path: Path) -> None:
    card = deck["fixture-jitter"].model_copy(update={"prompt": "Is <b> & <script> shown as text?"})
    notes = _notes(apkg_bytes([card]), tmp_path)
    assert notes[card.id][1][0] == "Is &lt;b&gt; &amp; &lt;script&gt; shown as text?"


def test_an_export_by_tag_holds_only_the_cards_with_that_tag(
    deck: dict[str, CardQuestion],
) -> None:
    assert [card.id for card in cards_to_export(deck.values(), "retries")] == ["fixture-jitter"]
    assert len(cards_to_export(deck.values(), None)) == len(deck)
