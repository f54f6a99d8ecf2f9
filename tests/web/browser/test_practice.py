"""A candidate practising one question in Chromium: explore, get it wrong, see why, get it right."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.web.browser.support import BANK, editor_text, run, submit, write_sql
from tests.web.serving import AppServer

NEVER = "shop-customers-who-never-ordered"
COALESCED = (
    "SELECT c.customer_id, COALESCE(c.email, '') AS email, c.created_at FROM customers c "
    "WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.customer_id)"
)


def test_run_then_a_wrong_answer_explained_then_the_right_one(live: AppServer, page: Page) -> None:
    page.goto(f"{live.base}/questions/{NEVER}")
    write_sql(page, "SELECT customer_id, email FROM customers ORDER BY customer_id LIMIT 3")
    run(page)
    expect(page.locator("#result tbody tr")).to_have_count(3)
    expect(page.locator("#result-meta")).to_contain_text("3 rows")

    write_sql(page, COALESCED)
    submit(page)
    verdict = page.locator("#verdict")
    expect(verdict).to_contain_text("Not right yet")
    expect(verdict).to_contain_text("null vs empty")
    expect(verdict.locator("td.differs").first).to_contain_text("NULL")
    pair_rows = verdict.locator("table.pair tbody tr").count()
    expect(verdict.locator("table.pair td.differs")).to_have_count(pair_rows)  # only the email
    expect(page.locator(".your-rows tr.extra").first).to_be_visible()

    write_sql(page, BANK[NEVER].solution.sql)
    submit(page)
    expect(verdict).to_contain_text("Correct")
    expect(page.locator("#solution")).to_contain_text("Reference solution")
    expect(page.locator("#give-up")).to_have_count(0)


def test_an_error_is_marked_where_it_is(live: AppServer, page: Page) -> None:
    page.goto(f"{live.base}/questions/{NEVER}")
    write_sql(page, "SELECT *\nFROM no_such_table")
    run(page)
    expect(page.locator("#result")).to_contain_text("Line 2, column 6")
    expect(page.locator(".cm-lintRange-error")).to_have_text("no_such_table")


def test_completion_offers_the_datasets_tables(live: AppServer, page: Page) -> None:
    page.clock.install()  # the page's Date and timers, moved by the test
    page.goto(f"{live.base}/questions/{NEVER}")
    write_sql(page, "SELECT * FROM ")
    page.keyboard.type("custo")
    expect(page.locator(".cm-tooltip-autocomplete")).to_contain_text("customers")
    page.clock.fast_forward(200)  # CodeMirror ignores Enter for 75 ms (by Date.now) after it opens
    page.keyboard.press("Enter")
    expect(page.locator(".cm-content")).to_contain_text("FROM customers")


def test_hints_stay_and_giving_up_shows_the_solution(live: AppServer, page: Page) -> None:
    question = BANK["org-pay-cuts"]
    page.goto(f"{live.base}/questions/{question.id}")
    page.locator("#hint-button").click()
    expect(page.locator("#hint-list li")).to_have_count(1)
    expect(page.locator("#hint-button")).to_contain_text(f"{len(question.hints) - 1} left")
    write_sql(page, "SELECT 1 -- my work so far")
    page.reload()
    expect(page.locator("#hint-list li")).to_have_count(1)
    assert "my work so far" in editor_text(page)
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("#give-up").click()
    expect(page.locator("#solution pre")).to_contain_text(
        re.compile(re.escape(question.solution.sql.strip().splitlines()[0]))
    )
