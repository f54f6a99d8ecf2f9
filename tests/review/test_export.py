"""`drill review export-log`: the standing ratings as fsrs ReviewLog rows that fsrs reads back."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from fsrs import Rating, ReviewLog

from app.cli import main
from app.review.scheduling import Grade, fsrs_card_id
from app.review.service import Rating as Press
from app.review.service import Reviews
from tests.review.conftest import T0, make_deck, new_store


def test_the_log_exports_as_fsrs_rows_without_undone_ratings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    state = tmp_path / "state.sqlite3"
    store, user = new_store(state)
    reviews = Reviews(store=store, deck=make_deck())
    for card, grade in (("card-isolation", Grade.HARD), ("card-anti-join", Grade.EASY)):
        reviews.rate(Press(user, card, grade, 3000, None, T0))
    reviews.undo(user_id=user, card_id="card-anti-join", now=T0)
    store.close()
    monkeypatch.setenv("DRILL_DATABASE_URL", f"sqlite:///{state}")
    assert (
        main(["review", "export-log", "--format", "json", "--out", str(tmp_path / "l.json")]) == 0
    )
    rows = json.loads((tmp_path / "l.json").read_text())
    logs = [ReviewLog.from_dict(row) for row in rows]
    assert [
        (log.card_id, log.rating, log.review_datetime, log.review_duration) for log in logs
    ] == [(fsrs_card_id("card-isolation"), Rating.Hard, T0, 3000)]
    assert main(["review", "export-log", "--out", str(tmp_path / "l.csv")]) == 0
    with (tmp_path / "l.csv").open() as file:
        assert [row["rating"] for row in csv.DictReader(file)] == ["2"]
