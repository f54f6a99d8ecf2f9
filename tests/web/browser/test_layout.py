"""The pages at a phone's width and in dark mode, and an error as a page. Screenshots of each
are kept in var/test-artifacts/ for people to look at."""

from __future__ import annotations

from playwright.sync_api import Browser, Page, ViewportSize, expect

from tests.web.browser.conftest import ARTIFACTS
from tests.web.serving import Server

PHONE = ViewportSize(width=390, height=844)


def test_the_drill_page_fits_a_phone(live: Server, browser: Browser) -> None:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(f"{live.base}/questions/events-longest-daily-streak")
    expect(page.locator(".cm-editor")).to_be_visible()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=ARTIFACTS / "phone-drill.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    box = page.locator(".cm-editor").bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    page.goto(f"{live.base}/")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    context.close()


def test_dark_mode_follows_the_system_and_the_toggle(live: Server, browser: Browser) -> None:
    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    page.goto(f"{live.base}/questions")
    html = page.locator("html")
    expect(html).to_have_attribute("data-theme", "dark")
    page.screenshot(path=ARTIFACTS / "dark-questions.png")
    page.get_by_role("button", name="Switch between light and dark theme").click()
    expect(html).to_have_attribute("data-theme", "light")
    page.reload()
    expect(html).to_have_attribute("data-theme", "light")  # the choice is remembered
    context.close()


def test_an_error_is_a_page_a_person_understands(live: Server, page: Page) -> None:
    response = page.goto(f"{live.base}/questions/no-such-question")
    assert response is not None and response.status == 404
    expect(page.locator("h1")).to_have_text("Not found")
    expect(page.locator(".lead")).to_contain_text("There is no question 'no-such-question'")
    expect(page.get_by_role("link", name="Back to home")).to_be_visible()
