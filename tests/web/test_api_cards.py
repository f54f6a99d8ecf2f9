"""Cards through the API: the question shows no answer, an answer is read for key points, and
the deck downloads as an Anki package."""

from __future__ import annotations

import io
import sqlite3
import zipfile
from contextlib import closing
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.settings import Settings

DECK = Path(__file__).parents[1] / "fixtures" / "card_kind" / "deck"


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """The module's app with the fixture deck as your own cards."""
    state = tmp_path_factory.mktemp("state") / "drill.sqlite3"
    return Settings(database_url=f"sqlite:///{state}", cards_dir=DECK)


def test_a_card_shows_its_prompt_and_tags_never_its_answer(client: TestClient) -> None:
    card = client.get("/api/questions/fixture-jitter").json()
    assert card["kind"] == "card" and card["details"]["tags"] == ["retries", "distributed-systems"]
    assert "thundering herd" not in str(card)


def test_a_typed_answer_is_read_for_the_key_points(client: TestClient) -> None:
    typed = "They retry in lockstep and the bursts knock it over; add a random delay."
    body = {"answer": {"typed": typed}}
    answered = client.post("/api/questions/fixture-jitter/answers", json=body).json()
    assert (answered["status"], answered["score"]) == ("reviewed", 0.75)
    assert answered["missed"] == ["Spread retries give the service room to recover"]
    assert answered["details"]["missed"] == answered["missed"]


def _note_ids(package: bytes, folder: Path) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        (folder / "collection.anki2").write_bytes(archive.read("collection.anki2"))
    with closing(sqlite3.connect(folder / "collection.anki2")) as db:
        return [row[0].split("\x1f")[-1] for row in db.execute("SELECT flds FROM notes")]


def test_the_deck_downloads_as_an_anki_package(client: TestClient, tmp_path: Path) -> None:
    response = client.get("/api/cards/export.apkg", params={"tag": "pagination"})
    assert response.status_code == 200 and response.headers["content-type"] == "application/apkg"
    assert 'filename="drill-cards-pagination.apkg"' in response.headers["content-disposition"]
    tagged = _note_ids(response.content, tmp_path)  # your cards and the built-in deck's
    assert "fixture-keyset-pagination" in tagged and "fixture-jitter" not in tagged
    everything = client.get("/api/cards/export.apkg")
    assert {"fixture-jitter", "fixture-keyset-pagination"} <= set(
        _note_ids(everything.content, tmp_path)
    )


def test_a_tag_no_card_has_is_not_found(client: TestClient) -> None:
    response = client.get("/api/cards/export.apkg", params={"tag": "no-such-tag"})
    assert response.status_code == 404 and response.json()["code"] == "not_found"
