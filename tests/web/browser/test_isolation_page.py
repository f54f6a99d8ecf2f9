"""An isolation drill in Chromium: the two sessions on a timeline, choices kept over a reload,
a wrong answer marked on its ask, then the right one and every step's recorded outcome on the
timeline. The page's clock is Playwright's: the draft is saved when the test runs it."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from app.settings import Settings
from tests.web.dbdepth_bank import ISOLATION_ID, dbdepth_settings, isolation_question, options
from tests.web.serving import AppServer

DRAFT_API = re.compile(r"/api/questions/[a-z0-9-]+/drafts/main$")
ANSWER_API = re.compile(r"/api/questions/[a-z0-9-]+/answers$")
QUESTION = isolation_question()


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return dbdepth_settings(tmp_path_factory)


def choose(page: Page, ask: str, option: str) -> None:
    page.locator(f'.ask[data-ask="{ask}"]').get_by_label(option, exact=True).check()


def answer(page: Page) -> None:
    with page.expect_response(ANSWER_API):
        page.locator("#answer-button").click()


def test_predict_wrong_then_right_and_see_every_step(live: AppServer, page: Page) -> None:
    page.clock.install()
    page.goto(f"{live.base}/questions/{ISOLATION_ID}")
    timeline = page.locator("#timeline")
    expect(timeline.locator("thead")).to_contain_text("Session B")
    expect(timeline.locator("thead")).to_contain_text("REPEATABLE READ")
    step_five = timeline.locator('tr.step[data-step="5"]')
    expect(step_five.locator("td.session").nth(1)).to_contain_text("qty - 2")

    update_right, update_wrong = options(QUESTION, "b-update")
    commit_right, _ = options(QUESTION, "b-commit")
    left_right, _ = options(QUESTION, "left")
    choose(page, "b-update", update_wrong[-1])  # it blocks, but it does not update
    choose(page, "b-commit", commit_right)
    with page.expect_response(DRAFT_API):
        page.clock.run_for(1000)
    page.reload()
    expect(page.locator('.ask[data-ask="b-commit"] input:checked')).to_have_value(commit_right)
    choose(page, "left", left_right)
    answer(page)
    expect(page.locator("#outcome")).to_contain_text("Not right yet")
    expect(page.locator('.ask[data-ask="b-update"]')).to_have_class(re.compile(r"\bwrong\b"))
    expect(page.locator('.ask[data-ask="left"]')).to_have_class(re.compile(r"\bright\b"))
    expect(step_five.locator(".step-outcome")).to_be_hidden()

    choose(page, "b-update", update_right)
    answer(page)
    expect(page.locator("#outcome")).to_contain_text("Solved")
    expect(step_five.locator(".step-outcome")).to_contain_text(update_right)
    expect(step_five.locator(".step-outcome")).to_have_class(re.compile(r"\bfails\b"))
    expect(timeline.locator('tr.step[data-step="7"] .step-outcome')).to_contain_text("ROLLBACK")
    waiting = timeline.locator('tr.step[data-step="6"] td.waiting[data-session="B"]')
    expect(waiting).to_contain_text("let go here")  # B waits on A's lock until A commits
    expect(page.locator('.ask[data-ask="b-update"] .ask-explanation')).to_contain_text("row lock")
    expect(page.locator("#solution")).to_contain_text("Explanation")
