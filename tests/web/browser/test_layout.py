"""The pages at a phone's width, in dark mode, with browser storage blocked, and an error as a
page. Screenshots of the phone and dark pages are kept in var/test-artifacts/ to look at."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.web.browser.conftest import ARTIFACTS, OpenPage
from tests.web.browser.support import run, write_sql
from tests.web.serving import AppServer

PHONE = {"width": 390, "height": 844}
BLOCK_STORAGE = """
Object.defineProperty(window, "localStorage", {
  get() { throw new DOMException("The operation is insecure.", "SecurityError"); },
});
"""


def test_the_drill_page_fits_a_phone(live: AppServer, open_page: OpenPage) -> None:
    page = open_page(viewport=PHONE, is_mobile=True, has_touch=True)
    page.goto(f"{live.base}/questions/events-longest-daily-streak")
    expect(page.locator(".cm-editor")).to_be_visible()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=ARTIFACTS / "phone-drill.png")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    box = page.locator(".cm-editor").bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    editor, schema = page.locator(".work-pane"), page.locator(".schema")
    assert editor.bounding_box()["y"] < schema.bounding_box()["y"]  # type: ignore[index]
    page.goto(f"{live.base}/")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_dark_mode_follows_the_system_and_the_toggle(live: AppServer, open_page: OpenPage) -> None:
    page = open_page(color_scheme="dark")
    page.goto(f"{live.base}/questions")
    html = page.locator("html")
    expect(html).to_have_attribute("data-theme", "dark")
    page.screenshot(path=ARTIFACTS / "dark-questions.png")
    page.get_by_role("button", name="Switch between light and dark theme").click()
    expect(html).to_have_attribute("data-theme", "light")
    page.reload()
    expect(html).to_have_attribute("data-theme", "light")  # the choice is remembered


def test_the_drill_page_works_with_storage_blocked(live: AppServer, open_page: OpenPage) -> None:
    page = open_page()
    page.add_init_script(BLOCK_STORAGE)
    page.goto(f"{live.base}/questions/org-departments-without-staff")
    write_sql(page, "SELECT count(*) AS departments FROM departments")
    run(page)
    expect(page.locator("#result tbody tr")).to_have_count(1)


def test_an_error_is_a_page_a_person_understands(live: AppServer, page: Page) -> None:
    response = page.goto(f"{live.base}/questions/no-such-question")
    assert response is not None and response.status == 404
    expect(page.locator("h1")).to_have_text("Not found")
    expect(page.locator(".lead")).to_contain_text("There is no question 'no-such-question'")
    expect(page.get_by_role("link", name="Back to home")).to_be_visible()
