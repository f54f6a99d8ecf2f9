"""Doing what a candidate does on the drill page."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.sql_bank import sql_questions

BANK = sql_questions()


def write_sql(page: Page, sql: str) -> None:
    """Replace the editor's text as a person would: select all, then type (paste for long SQL)."""
    page.locator(".cm-content").click()
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.press("Delete")
    page.keyboard.insert_text(sql)
    expect(page.locator(".cm-content")).to_contain_text(sql.strip().splitlines()[0].strip())


def editor_text(page: Page) -> str:
    return str(page.locator(".cm-content").inner_text())


def run(page: Page) -> None:
    """Ctrl+Enter, and wait for the server's answer."""
    with page.expect_response("**/api/sql/run"):
        page.keyboard.press("ControlOrMeta+Enter")


def submit(page: Page) -> None:
    """Ctrl+Shift+Enter, and wait for the verdict."""
    with page.expect_response("**/api/sql/submit"):
        page.keyboard.press("ControlOrMeta+Shift+Enter")
    expect(page.locator("#verdict")).to_be_visible()
