"""A timed round in Chromium, started from the home page: the countdown, a reload that keeps
the SQL and the clock, the warning, the deadline, late work and the summary."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.web.browser.conftest import OpenPage
from tests.web.browser.support import BANK, editor_text, submit, write_sql
from tests.web.serving import AppServer

QUESTION_URL = re.compile(r"/rounds/[0-9a-f-]+/questions/([a-z0-9-]+)$")


def _seconds(clock: str) -> int:
    minutes, seconds = clock.split(":")
    return int(minutes) * 60 + int(seconds)


def _start_one_minute_round(live: AppServer, page: Page) -> str:
    page.goto(live.base)
    page.get_by_label("Questions").fill("1")
    page.get_by_label("Minutes").fill("1")
    page.get_by_label("Difficulty").select_option("easy")
    page.get_by_role("button", name="Start the round").click()
    page.wait_for_url(QUESTION_URL)
    found = QUESTION_URL.search(page.url)
    assert found
    return found.group(1)


@pytest.mark.slow
def test_a_one_minute_round_from_start_to_summary(live: AppServer, page: Page) -> None:
    question_id = _start_one_minute_round(live, page)
    clock = page.locator("#clock-time")
    expect(clock).to_have_text(re.compile(r"^0:[0-5]\d$|^1:00$"))
    expect(page.locator("#round-alert")).to_contain_text("1 minute left")

    write_sql(page, BANK[question_id].solution.sql)
    before = _seconds(clock.inner_text())
    page.reload()
    expect(page.locator(".cm-content")).to_contain_text(
        BANK[question_id].solution.sql.strip().splitlines()[0].strip()
    )
    after = _seconds(clock.inner_text())
    assert after <= before, "a reload must not reset the clock"
    submit(page)
    expect(page.locator("#verdict")).to_contain_text("Correct")
    expect(page.locator("#verdict")).to_contain_text("counts in the round")
    expect(page.locator(".nav-q.correct")).to_have_count(1)

    time_up = page.locator("#time-up")
    expect(time_up).to_be_visible(timeout=75_000)
    expect(time_up).to_contain_text("marked late")
    expect(clock).to_have_text("0:00")
    page.get_by_role("button", name="Keep working").click()
    expect(page.locator("#hint-button")).to_be_disabled()
    expect(page.locator("#give-up")).to_have_text("Show the solution")
    write_sql(page, "SELECT 1 AS too_late")
    submit(page)
    expect(page.locator("#verdict .badge.late")).to_be_visible()
    assert "too_late" in editor_text(page)

    page.goto(page.url.rsplit("/questions/", 1)[0] + "/summary")
    expect(page.locator("h1")).to_have_text("1 of 1 solved in time")
    expect(page.locator(".summary-table tbody tr")).to_have_count(1)
    expect(page.locator(".summary-table")).to_contain_text("solved")
    expect(page.locator(".tl-dot.correct")).to_have_count(1)
    expect(page.locator(".tl-dot.late")).to_have_count(1)


def test_a_double_click_starts_one_round_and_two_tabs_agree(
    live: AppServer, open_page: OpenPage
) -> None:
    page = open_page()
    page.goto(live.base)
    before = _recent_summary_links(page)
    page.locator(".preset").first.dblclick()
    page.wait_for_url(QUESTION_URL)
    second = page.context.new_page()
    second.goto(page.url)
    clocks = [_seconds(p.locator("#clock-time").inner_text()) for p in (page, second)]
    assert abs(clocks[0] - clocks[1]) <= 2, clocks
    page.goto(live.base)
    after = _recent_summary_links(page)
    assert after[1 : len(before) + 1] == before[: len(after) - 1], "one new round, not two"
    page.locator(".running .button").click()  # "Continue the round" opens the one just started
    page.wait_for_url(QUESTION_URL)
    assert f"{after[0].removesuffix('/summary')}/questions/" in page.url
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Finish round").click()
    page.wait_for_url(re.compile(r"/summary$"))


def _recent_summary_links(page: Page) -> list[str]:
    links = page.locator("#recent-title ~ table a").evaluate_all("els => els.map(e => e.pathname)")
    return [str(link) for link in links]
