"""An explain and an isolation question in one timed round, in Chromium: the round bar and its
clock on the explain page, an answer that counts in the navigator, the answers kept closed
until the round ends, and at the deadline the page turning to late work.

Time is the test's: the server runs on the module's manual clock and the page on Playwright's
paused clock, moved together."""

from __future__ import annotations

import re
from datetime import timedelta

import httpx
import pytest
from playwright.sync_api import Page, expect

from app.clock import ManualClock
from app.settings import Settings
from tests.web.dbdepth_bank import EXPLAIN_ID, ISOLATION_ID, dbdepth_settings
from tests.web.serving import AppServer

ROUND_API = re.compile(r"/api/rounds/[0-9a-f-]+$")
ANSWER_API = re.compile(r"/api/questions/[a-z0-9-]+/answers$")


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return dbdepth_settings(tmp_path_factory)


def start_round(live: AppServer) -> str:
    body = {"question_ids": [EXPLAIN_ID, ISOLATION_ID], "time_limit_s": 600}
    response = httpx.post(f"{live.base}/api/rounds", json=body)
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def test_an_explain_question_inside_a_round(
    live: AppServer, clock: ManualClock, page: Page
) -> None:
    round_id = start_round(live)
    page.clock.install(time=clock.now() - timedelta(days=1))
    page.clock.pause_at(clock.now())
    with page.expect_response(ROUND_API):
        page.goto(f"{live.base}/rounds/{round_id}/questions/{EXPLAIN_ID}")
    expect(page.locator("#clock-time")).to_have_text("10:00")
    expect(page.locator("#give-up")).to_have_count(0)
    expect(page.locator("#solution-actions")).to_contain_text("open when the round ends")

    page.locator('[data-node="0.0.0"] > .plan-row').click()
    page.locator('.ask[data-ask="rows"] input').fill("12000")
    page.locator('.ask[data-ask="build"]').get_by_label("customers").check()
    with page.expect_response(ANSWER_API):
        page.locator("#answer-button").click()
    expect(page.locator("#outcome")).to_contain_text("Solved")
    link = page.locator(f'.nav-q[data-question="{EXPLAIN_ID}"]')
    expect(link).to_have_class(re.compile(r"\bcorrect\b"))

    clock.advance(601)
    with page.expect_response(ROUND_API):
        page.clock.fast_forward(601_000)
    expect(page.locator(".clock-label")).to_have_text("Round over")
    expect(page.locator("#answer-button")).to_have_text("Answer (late)")
    expect(page.locator("#give-up")).to_have_text("Show the answers")
