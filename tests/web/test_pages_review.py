"""The review pages over HTTP: the review page's shell and the queue its script starts from,
the statistics page's charts, and the home page's review panel with the drills' pull reasons."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from app.catalog.models import DatasetInfo
from app.clock import ManualClock
from app.web.deps import get_clock
from tests.web.conftest import START
from tests.web.review_app import FRAMES, INDEX, ISOLATION, NEGATIVE, review_app

PAGE = {"accept": "text/html"}
DAY = 86400
WRONG = {"answer": {"sql": "SELECT 1", "dialect": "postgres"}}


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(START)


@pytest.fixture
def client(
    tmp_path_factory: pytest.TempPathFactory,
    built_datasets: dict[str, DatasetInfo],
    clock: ManualClock,
) -> Iterator[TestClient]:
    app: FastAPI = review_app(tmp_path_factory.mktemp("review-pages"))
    app.dependency_overrides[get_clock] = clock.now
    with TestClient(app) as client:
        yield client


def _page(client: TestClient, path: str) -> str:
    response = client.get(path, headers=PAGE)
    assert response.status_code == 200, response.text[:500]
    assert response.headers["cache-control"] == "no-store"
    return response.text


def _page_data(text: str) -> dict[str, Any]:
    found = re.search(r'<script type="application/json" id="page-data">(.*?)</script>', text, re.S)
    assert found, "the review page carries the queue for its script"
    data: dict[str, Any] = json.loads(found.group(1))
    return data


def _rate(client: TestClient, card: str, rating: str) -> None:
    body = {"rating": rating, "duration_ms": 3000}
    assert client.post(f"/api/review/cards/{card}/reviews", json=body).status_code == 200


def _bars(text: str, chart: str) -> dict[str, int]:
    """A chart's bars by date, as the SVG draws them."""
    svg = re.search(rf'<svg class="chart {chart}".*?</svg>', text, re.S)
    assert svg, f"the {chart} chart is drawn"
    found = re.findall(r'data-date="([\d-]+)" data-value="(\d+)"', svg.group(0))
    return {day: int(value) for day, value in found}


def test_the_review_page_starts_from_the_queue_and_never_holds_an_answer(
    client: TestClient,
) -> None:
    text = _page(client, "/review")
    queue = _page_data(text)["queue"]
    assert [c["state"] for c in queue["cards"]] == ["new"] * 5
    assert queue["cards"][0]["previews"]["good"]["label"] == "10m"
    assert "A fixture answer" not in text  # the answer comes on reveal, through the API
    assert '<strong data-count="new">5</strong>' in text
    for grade in ("again", "hard", "good", "easy"):
        assert f'data-interval="{grade}"' in text
    assert 'href="/review" aria-current="page"' in text and 'href="/review/stats"' in text


def test_the_review_page_counts_todays_ratings_for_the_done_panel(client: TestClient) -> None:
    _rate(client, FRAMES, "easy")
    data = _page_data(_page(client, "/review"))
    assert data["reviewed_today"] == 1
    assert FRAMES not in [c["card_id"] for c in data["queue"]["cards"]]


def test_coverage_says_which_key_points_a_typed_answer_holds_and_records_nothing(
    client: TestClient,
) -> None:
    typed = {"typed": "The first thing, then the third."}
    response = client.post(f"/api/review/cards/{FRAMES}/coverage", json=typed)
    assert response.status_code == 200
    assert response.json()["coverage"] == {
        "covered": ["the first point", "the third point"],
        "missed": ["the second point"],
    }
    assert client.post(f"/api/review/cards/{FRAMES}/coverage", json={"typed": " "}).json() == {
        "card_id": FRAMES,
        "coverage": None,
    }
    assert client.post("/api/review/cards/nope/coverage", json=typed).status_code == 404
    stats = client.get("/api/review/stats").json()
    assert stats["by_state"]["new"] == 5 and stats["reviews_per_day"][-1]["reviews"] == 0


def test_the_stats_page_draws_the_forecast_and_the_reviews(
    client: TestClient, clock: ManualClock
) -> None:
    _rate(client, FRAMES, "easy")
    _rate(client, INDEX, "easy")
    text = _page(client, "/review/stats")
    forecast, per_day = _bars(text, "forecast"), _bars(text, "per-day")
    assert len(forecast) == len(per_day) == 30
    assert sum(forecast.values()) == 2 and forecast[START.date().isoformat()] == 0
    assert per_day[START.date().isoformat()] == 2
    assert '<li data-state="review"><strong>2</strong> review</li>' in text
    assert "Desired retention: 90%" in text and "No reviews of cards past" in text


def test_the_stats_page_shows_retention_and_the_weakest_topics(
    client: TestClient, clock: ManualClock
) -> None:
    for card in (FRAMES, INDEX):
        _rate(client, card, "easy")
    clock.advance(30 * DAY)
    _rate(client, FRAMES, "again")  # a lapse
    _rate(client, INDEX, "good")
    text = _page(client, "/review/stats")
    retention = re.search(r'id="retention".*?</section>', text, re.S)
    assert retention and "50%" in retention.group(0) and "1 of 2 reviews" in retention.group(0)
    weakest = re.search(r'id="weak-title".*?</table>', text, re.S)
    assert weakest and "window-functions" in html.unescape(weakest.group(0))


def test_home_shows_the_cards_due_and_why_drills_pulled_them(
    client: TestClient, clock: ManualClock
) -> None:
    for card in (FRAMES, ISOLATION, INDEX):
        _rate(client, card, "easy")
    clock.advance(DAY)
    assert client.post(f"/api/questions/{NEGATIVE}/answers", json=WRONG).status_code == 200
    clock.advance(DAY)
    text = _page(client, "/")
    assert "<strong>2</strong> cards due, <strong>2</strong> new" in text  # the pulled two
    assert "you missed <code>window functions</code> in" in text
    assert "yesterday" in text and 'href="/review"' in text
    assert re.search(r'<a href="/review" *>Review</a>', text)  # in the navigation
