"""A review session in Chromium with the keyboard only: space reveals, 1-4 rate, u undoes; the
buttons show the interval each rating would give; a double click rates once; the day ends with
"Done for today" and study ahead; the statistics page then forecasts the cards rated. The
server runs on the module's manual clock, the page on page.clock, both set here."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from playwright.sync_api import Page, expect

from app.catalog.models import DatasetInfo
from tests.web.browser.conftest import OpenPage
from tests.web.browser.test_layout import PHONE
from tests.web.conftest import START
from tests.web.review_app import review_app
from tests.web.serving import AppServer

GRADES = ("again", "hard", "good", "easy")


@pytest.fixture(scope="module")
def app(
    tmp_path_factory: pytest.TempPathFactory, built_datasets: dict[str, DatasetInfo]
) -> Iterator[FastAPI]:
    """The browser fixtures' app, over a bank that holds the fixture cards."""
    yield review_app(Path(tmp_path_factory.mktemp("review-browser")))


def _get(page: Page, live: AppServer, path: str) -> Any:
    response = page.request.get(f"{live.base}{path}")
    assert response.ok, response.text()
    return response.json()


def _open_review(page: Page, live: AppServer, showing: str = "#flashcard") -> None:
    page.clock.install(time=START)
    page.goto(f"{live.base}/review")
    expect(page.locator(showing)).to_be_visible()


def _press_and_wait(page: Page, key: str, path: str) -> None:
    """A key that calls the API, and the queue read again after it."""
    with page.expect_response(f"**{path}"), page.expect_response("**/api/review/queue?*"):
        page.keyboard.press(key)


def _reveal(page: Page) -> None:
    page.keyboard.press("Space")
    expect(page.locator("#answer")).to_be_visible()


def test_a_session_with_the_keyboard_only(live: AppServer, page: Page) -> None:
    _open_review(page, live)
    first = _get(page, live, "/api/review/queue")["cards"]
    title = page.locator("#card-title")
    expect(title).to_have_text(first[0]["title"])
    for grade in GRADES:  # each button shows what the queue previews for it
        label = first[0]["previews"][grade]["label"]
        expect(page.locator(f".rate.{grade} .rate-interval")).to_have_text(label)
    expect(page.locator(".rate.good .rate-interval")).to_have_text("10m")
    expect(page.locator("#ratings")).to_be_hidden()  # no rating before the answer is seen

    _reveal(page)
    expect(page.locator("#model-answer")).to_contain_text("A fixture answer")
    expect(page.locator("#key-points li")).to_have_count(3)
    _press_and_wait(page, "3", "/reviews")
    expect(title).to_have_text(first[1]["title"])

    page.locator("#typed").focus()  # typing: the shortcuts wait, Ctrl+Enter reveals
    page.keyboard.type("The first one, and 3 more.")
    expect(page.locator("#answer")).to_be_hidden()
    with page.expect_response("**/coverage"):
        page.keyboard.press("Control+Enter")
    expect(page.locator("#key-points li.covered")).to_have_text(["Covered: the first point"])
    expect(page.locator("#key-points li.missed")).to_have_count(2)
    expect(page.locator("#coverage-summary")).to_have_text("Your answer covered 1 of 3 key points.")
    _press_and_wait(page, "1", "/reviews")
    expect(title).to_have_text(first[2]["title"])

    _press_and_wait(page, "u", "/undo")
    expect(page.locator("#undo-note")).to_contain_text("Undone")
    expect(title).to_have_text(first[1]["title"])  # back, new again, not yet revealed
    expect(page.locator("#card-state")).to_have_text("new")
    expect(page.locator("#answer")).to_be_hidden()
    assert _get(page, live, "/api/review/queue?limit=100")["counts"]["new"] == 4

    _reveal(page)
    _press_and_wait(page, "4", "/reviews")
    expect(page.locator("#undo-note")).to_be_hidden()
    for card in first[2:]:
        expect(title).to_have_text(card["title"])
        _reveal(page)
        _press_and_wait(page, "4", "/reviews")

    expect(page.locator("#done-title")).to_have_text("Done for today")
    expect(page.locator("#done-counts")).to_contain_text("5 ratings today")
    expect(page.locator("#done-counts")).to_contain_text("1 card comes due in the next day")
    page.get_by_role("button", name="Study ahead (1 card)").click()
    expect(title).to_have_text(first[0]["title"])  # the Good card, due in 10 minutes


def test_a_double_click_rates_once(live: AppServer, page: Page) -> None:
    _open_review(page, live, "#done")  # studying ahead: the one card due within a day
    page.get_by_role("button", name="Study ahead (1 card)").click()
    before = _get(page, live, "/api/review/stats")["reviews_per_day"][-1]["reviews"]
    page.get_by_role("button", name="Reveal").click()
    with page.expect_response("**/api/review/queue?*"):
        page.locator(".rate.easy").dblclick()
    after = _get(page, live, "/api/review/stats")["reviews_per_day"][-1]["reviews"]
    assert after == before + 1
    expect(page.locator("#done-title")).to_have_text("Nothing left to study ahead")


def test_the_stats_page_forecasts_the_cards_rated(live: AppServer, page: Page) -> None:
    page.clock.install(time=START)
    page.goto(f"{live.base}/review/stats")
    forecast = _get(page, live, "/api/review/stats")["forecast"]
    due_days = {day["date"]: day["due"] for day in forecast if day["due"]}
    assert sum(due_days.values()) == 5  # every fixture card is scheduled now
    bars = page.locator(".chart.forecast .day")
    expect(bars).to_have_count(30)
    for day, due in due_days.items():
        bar = page.locator(f'.chart.forecast .day[data-date="{day}"]')
        expect(bar).to_have_attribute("data-value", str(due))
        assert (bar.locator("rect").bounding_box() or {"height": 0})["height"] > 2
    expect(page.locator('.state-list [data-state="review"] strong')).to_have_text("5")
    today = page.locator(f'.chart.per-day .day[data-date="{START.date().isoformat()}"]')
    expect(today).to_have_attribute("data-value", "6")  # seven ratings, one of them undone


def test_the_review_page_fits_a_phone(live: AppServer, open_page: OpenPage) -> None:
    page = open_page(viewport=PHONE, is_mobile=True, has_touch=True)
    for path in ("/review", "/review/stats", "/"):
        page.goto(f"{live.base}{path}")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
