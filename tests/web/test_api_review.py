"""The spaced-repetition API over HTTP, on a clock the test sets: the queue, an idempotent
double click, undo, reveal, stats, and a wrong SQL answer pulling a card forward."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from app.catalog.models import DatasetInfo
from app.clock import ManualClock
from app.main import create_app
from app.settings import Settings
from app.store import Store, review_logs
from app.web.deps import get_clock
from tests.review.card_kind import CARDS, card_kinds

NEGATIVE = "ledger-accounts-that-went-negative"  # topics: window functions, running totals
FRAMES, ISOLATION, INDEX = "card-window-frames", "card-isolation", "card-covering-index"
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
DAY = 86400


@pytest.fixture
def client(
    tmp_path_factory: pytest.TempPathFactory, built_datasets: dict[str, DatasetInfo]
) -> Iterator[TestClient]:
    root = tmp_path_factory.mktemp("review")
    shutil.copytree(Settings().bank_dir / "sql", root / "bank" / "sql")
    shutil.copytree(CARDS, root / "bank" / "card")
    settings = Settings(
        bank_dir=root / "bank", database_url=f"sqlite:///{root / 'state.sqlite3'}", query_workers=1
    )
    with TestClient(create_app(settings, kinds=card_kinds())) as client:
        yield client


@pytest.fixture
def clock(client: TestClient) -> Iterator[ManualClock]:
    clock = ManualClock(T0)
    app: FastAPI = client.app  # type: ignore[assignment]
    app.dependency_overrides[get_clock] = clock.now
    yield clock
    app.dependency_overrides.pop(get_clock, None)


def _queue(client: TestClient, **params: Any) -> dict[str, Any]:
    response = client.get("/api/review/queue", params=params)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def _rate(client: TestClient, card: str, rating: str, key: str | None = None) -> Any:
    headers = {"Idempotency-Key": key} if key else {}
    body = {"rating": rating, "duration_ms": 4200}
    return client.post(f"/api/review/cards/{card}/reviews", json=body, headers=headers)


def _logs(client: TestClient) -> int:
    store: Store = client.app.state.store  # type: ignore[attr-defined]
    with store.session() as session:
        return len(review_logs(session, user_id=client.app.state.user_id))  # type: ignore[attr-defined]


def test_the_queue_pages_with_a_cursor_and_shows_no_answer(
    client: TestClient, clock: ManualClock
) -> None:
    first = _queue(client, limit=3)
    assert [c["state"] for c in first["cards"]] == ["new"] * 3
    assert "model_answer" not in first["cards"][0]
    assert first["cards"][0]["previews"]["good"]["label"] == "10m"
    rest = _queue(client, limit=3, cursor=first["next_cursor"])
    ids = [c["card_id"] for c in first["cards"] + rest["cards"]]
    assert len(ids) == len(set(ids)) == 5 and rest["next_cursor"] is None
    bad = client.get("/api/review/queue", params={"cursor": "nope"})
    assert bad.status_code == 422 and bad.json()["code"] == "invalid_cursor"


def test_a_double_click_rates_once(client: TestClient, clock: ManualClock) -> None:
    first, second = (
        _rate(client, FRAMES, "good", "click-1"),
        _rate(client, FRAMES, "good", "click-1"),
    )
    assert first.status_code == second.status_code == 200
    assert second.json() == first.json() and second.headers["Idempotent-Replayed"] == "true"
    assert first.json()["model_answer"].startswith("A fixture answer")
    assert _logs(client) == 1
    reused = _rate(client, FRAMES, "easy", "click-1")
    assert reused.status_code == 409 and reused.json()["code"] == "idempotency_key_reused"


def test_undo_puts_the_card_back_and_refuses_a_second_time(
    client: TestClient, clock: ManualClock
) -> None:
    _rate(client, FRAMES, "easy")
    assert FRAMES not in [c["card_id"] for c in _queue(client)["cards"]]
    undone = client.post(f"/api/review/cards/{FRAMES}/undo")
    assert undone.status_code == 200 and undone.json()["state"] == "new"
    assert FRAMES in [c["card_id"] for c in _queue(client)["cards"]]
    again = client.post(f"/api/review/cards/{FRAMES}/undo")
    assert again.status_code == 409 and again.json()["code"] == "nothing_to_undo"
    assert again.headers["content-type"] == "application/problem+json"


def test_reveal_gives_the_answer_and_an_unknown_card_is_404(client: TestClient) -> None:
    card = client.get(f"/api/review/cards/{FRAMES}").json()
    assert card["key_points"] == ["the first point", "the second point", "the third point"]
    assert client.get("/api/review/cards/nope").status_code == 404
    assert client.get(f"/api/review/cards/{NEGATIVE}").status_code == 404  # not a card


def test_a_wrong_sql_answer_pulls_its_cards_forward(client: TestClient, clock: ManualClock) -> None:
    for card in (FRAMES, ISOLATION, INDEX):
        _rate(client, card, "easy")  # reviewed: due in days
    clock.advance(DAY)
    assert _queue(client, limit=100)["counts"]["review"] == 0
    answer = {"answer": {"sql": "SELECT 1", "dialect": "postgres"}}
    wrong = client.post(f"/api/questions/{NEGATIVE}/answers", json=answer)
    assert wrong.status_code == 200 and wrong.json()["solved"] is False
    queue = _queue(client, limit=100)
    pulled = {c["card_id"]: c for c in queue["cards"] if c["state"] == "review"}
    assert sorted(pulled) == [ISOLATION, FRAMES]  # due now; not the index card
    assert "you missed `window functions` in" in pulled[FRAMES]["pulled"]["reason"]
    assert "you missed `double-entry` in" in pulled[ISOLATION]["pulled"]["reason"]  # pulls.toml
    pulls = client.get("/api/review/pulled").json()["pulls"]
    assert sorted((p["card_id"], p["question_id"], p["criterion"]) for p in pulls) == [
        (ISOLATION, NEGATIVE, "double-entry"),
        (FRAMES, NEGATIVE, "window functions"),
    ]
    client.post(f"/api/questions/{NEGATIVE}/answers", json=answer)  # missed again
    assert len(client.get("/api/review/pulled").json()["pulls"]) == 2  # still waiting: once


def test_a_hint_pulls_a_new_card_with_its_reason(client: TestClient, clock: ManualClock) -> None:
    hint = client.post(f"/api/questions/{NEGATIVE}/hints")
    assert hint.status_code == 200
    card = next(c for c in _queue(client)["cards"] if c["card_id"] == FRAMES)
    assert card["pulled"]["reason"].startswith("you took hint 1 in")


def test_stats_over_http(client: TestClient, clock: ManualClock) -> None:
    _rate(client, FRAMES, "easy")
    stats = client.get("/api/review/stats").json()
    assert stats["by_state"] == {"new": 4, "learning": 0, "review": 1, "relearning": 0}
    assert stats["reviews_per_day"][-1] == {"date": "2026-03-02", "reviews": 1}
    assert stats["retention"]["desired"] == 0.9 and stats["retention"]["value"] is None
