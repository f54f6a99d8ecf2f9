"""An index drill in Chromium: the slow plan on the page, a wrong index answered with the
finding on its key, then the right one, after which the reference, the plan with it and the
before/after line appear."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from app.settings import Settings
from tests.web.dbdepth_bank import INDEX_ID, dbdepth_settings
from tests.web.serving import AppServer

ANSWER_API = re.compile(r"/api/questions/[a-z0-9-]+/answers$")


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return dbdepth_settings(tmp_path_factory)


def write_index(page: Page, sql: str) -> None:
    editor = page.locator("#index-editor .cm-content")
    editor.click()
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.press("Delete")
    page.keyboard.insert_text(sql)
    expect(editor).to_contain_text(sql)


def answer(page: Page) -> None:
    with page.expect_response(ANSWER_API):
        page.keyboard.press("ControlOrMeta+Enter")


def test_a_wrong_index_then_the_right_one_and_the_plan_it_gives(
    live: AppServer, page: Page
) -> None:
    page.clock.install()
    page.goto(f"{live.base}/questions/{INDEX_ID}")
    before = page.locator("#plan-before")
    expect(before.locator('[role="treeitem"]')).to_have_count(2)
    expect(before.locator('[data-node="0.0"]')).to_contain_text("Seq Scan")
    expect(page.locator("#after-block")).to_be_hidden()

    write_index(page, "CREATE INDEX ON events (occurred_at)")
    answer(page)
    outcome = page.locator("#outcome")
    expect(outcome).to_contain_text("Not right yet")
    finding = outcome.locator('.finding[data-code="missing_key"]')
    expect(finding).to_contain_text("The key has no session_id")
    expect(outcome.locator(".read-back")).to_contain_text("btree on events (occurred_at)")
    expect(page.locator("#reference")).to_be_hidden()

    write_index(page, "create index events_by_session on events (session_id)")
    answer(page)
    expect(outcome).to_contain_text("Solved")
    expect(page.locator("#reference pre")).to_contain_text("CREATE INDEX ON events (session_id)")
    expect(page.locator("#before-after")).to_contain_text(
        re.compile(r"times faster\): Seq Scan on events became Index Scan")
    )
    after = page.locator("#plan-after")
    expect(page.locator("#after-block")).to_be_visible()
    expect(after.get_by_role("treeitem").filter(has_text="Index Scan").first).to_contain_text(
        "events_session_id_idx"
    )
