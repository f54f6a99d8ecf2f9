"""A timed round in Chromium, started from the home page: the countdown, a reload that keeps
the SQL and the clock, the 5- and 1-minute warnings, the deadline, late work and the summary.

Time is the test's: the server runs on the module's manual clock and the page on Playwright's
paused clock, and both are moved together, so a 45-minute round takes seconds."""

from __future__ import annotations

import re
from datetime import timedelta

from playwright.sync_api import BrowserContext, Page, expect

from app.clock import ManualClock
from tests.web.browser.conftest import OpenPage
from tests.web.browser.support import BANK, editor_text, submit, write_sql
from tests.web.serving import AppServer

QUESTION_URL = re.compile(r"/rounds/[0-9a-f-]+/questions/([a-z0-9-]+)$")
ROUND_API = re.compile(r"/api/rounds/[0-9a-f-]+$")  # where the page's clock asks the time left


def _seconds(clock: str) -> int:
    minutes, seconds = clock.split(":")
    return int(minutes) * 60 + int(seconds)


def _start_round(live: AppServer, page: Page, minutes: int) -> str:
    """Start a one-question round from the home form; back once the page's clock has heard
    from the server."""
    page.goto(live.base)
    page.get_by_label("Questions").fill("1")
    page.get_by_label("Minutes", exact=True).fill(str(minutes))
    page.get_by_label("Difficulty").select_option("easy")
    with page.expect_response(ROUND_API):
        page.get_by_role("button", name="Start the round").click()
    page.wait_for_url(QUESTION_URL)
    found = QUESTION_URL.search(page.url)
    assert found
    return found.group(1)


def _stop_the_page_clock_at(server: ManualClock, pages: Page | BrowserContext) -> None:
    """The pages' Date stopped at the server's time, and their timers firing only when the test
    says. Installed earlier than that, since the clock runs from its install to the pause."""
    pages.clock.install(time=server.now() - timedelta(days=1))
    pages.clock.pause_at(server.now())


def _let_pass(clock: ManualClock, page: Page, seconds: int) -> None:
    """Time passes on the server, then in the page as if its laptop's lid had been closed that
    long: each page timer fires once, so the clock asks the server again (it does every 15 s),
    and the test goes on once the answer is back."""
    assert seconds >= 15, "shorter than the page's sync interval: no answer to wait for"
    clock.advance(seconds)
    with page.expect_response(ROUND_API):
        page.clock.fast_forward(seconds * 1000)


def test_a_45_minute_round_from_start_to_summary(
    live: AppServer, clock: ManualClock, page: Page
) -> None:
    _stop_the_page_clock_at(clock, page)
    question_id = _start_round(live, page, minutes=45)
    timer, alert = page.locator("#clock-time"), page.locator("#round-alert")
    expect(timer).to_have_text("45:00")
    expect(alert).to_be_hidden()

    sql = BANK[question_id].solution.sql
    write_sql(page, sql)
    _let_pass(clock, page, 10 * 60)
    expect(timer).to_have_text("35:00")
    with page.expect_response(ROUND_API):
        page.reload()
    expect(page.locator(".cm-content")).to_contain_text(sql.strip().splitlines()[0].strip())
    expect(timer).to_have_text("35:00")  # a reload keeps the SQL and the clock

    _let_pass(clock, page, 30 * 60)
    expect(timer).to_have_text("5:00")
    expect(alert).to_contain_text("5 minutes left")
    expect(page.locator(".clock")).to_have_class(re.compile(r"\bwarn\b"))
    submit(page)
    expect(page.locator("#verdict")).to_contain_text("Correct")
    expect(page.locator("#verdict")).to_contain_text("counts in the round")
    expect(page.locator(".nav-q.correct")).to_have_count(1)

    _let_pass(clock, page, 4 * 60)
    expect(timer).to_have_text("1:00")
    expect(alert).to_contain_text("1 minute left")
    expect(page.locator(".clock")).to_have_class(re.compile(r"\bdanger\b"))
    _expect_the_deadline_then_late_work(clock, page)


def _expect_the_deadline_then_late_work(clock: ManualClock, page: Page) -> None:
    _let_pass(clock, page, 60)
    time_up = page.locator("#time-up")
    expect(time_up).to_be_visible()
    expect(time_up).to_contain_text("marked late")
    expect(page.locator("#clock-time")).to_have_text("0:00")
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
    live: AppServer, clock: ManualClock, open_page: OpenPage
) -> None:
    page = open_page()
    _stop_the_page_clock_at(clock, page.context)  # both tabs' clocks, as the server's
    page.goto(live.base)
    before = _recent_summary_links(page)
    page.locator(".preset").first.dblclick()
    page.wait_for_url(QUESTION_URL)
    second = page.context.new_page()
    second.goto(page.url)
    clocks = [_seconds(p.locator("#clock-time").inner_text()) for p in (page, second)]
    assert clocks[0] == clocks[1] == 45 * 60, clocks
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
