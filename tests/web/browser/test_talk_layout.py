"""The API-design, behavioral and story bank pages at a phone's width and at a desktop's, in
the light and the dark theme, after an answer: nothing runs off the side of a phone. The
screenshots are kept in var/test-artifacts/ to look at."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from app.settings import Settings
from tests.web.browser.conftest import ARTIFACTS, OpenPage
from tests.web.serving import AppServer
from tests.web.talk_bank import API_ID, OUTAGE_ID, talk_settings

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
SMALL = """openapi: 3.1.0
info:
  title: Payments
  version: '1'
paths:
  /payments:
    post:
      responses:
        '201':
          description: Created
"""
VIEWS = [
    ("phone", PHONE, "dark"),
    ("desktop", DESKTOP, "light"),
    ("phone", PHONE, "light"),
    ("desktop", DESKTOP, "dark"),
]


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return talk_settings(tmp_path_factory)


def opened(open_page: OpenPage, viewport: dict[str, int], scheme: str) -> Page:
    mobile = viewport is PHONE
    return open_page(viewport=viewport, color_scheme=scheme, is_mobile=mobile, has_touch=mobile)


def keep(page: Page, name: str, width: int) -> None:
    # CodeMirror measures an editor's lines once it is scrolled into view: a full-page shot
    # would otherwise show the read-only editors below the fold as first estimated.
    for editor in page.locator(".read-only .cm-editor").all():
        editor.scroll_into_view_if_needed()
        page.evaluate(
            "new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))"
        )
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"{name}.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize(("size", "viewport", "scheme"), VIEWS)
def test_the_pages_after_an_answer(
    live: AppServer, open_page: OpenPage, size: str, viewport: dict[str, int], scheme: str
) -> None:
    # No page.clock here: CodeMirror measures its lines in animation frames, which a
    # paused clock would hold back, and the screenshots are to show the page as it is.
    page = opened(open_page, viewport, scheme)
    page.goto(f"{live.base}/questions/{API_ID}")
    page.locator("#api-editor .cm-content").click()
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.insert_text(SMALL)
    page.get_by_role("button", name="Answer", exact=True).click()
    expect(page.get_by_role("textbox", name="The reference design")).to_be_visible()
    keep(page, f"api-{size}-{scheme}", viewport["width"])

    page.goto(f"{live.base}/questions/{OUTAGE_ID}")
    page.locator("#field-action").fill("We rolled back the change and I wrote the postmortem.")
    page.get_by_role("button", name="Answer", exact=True).click()
    expect(page.locator("#review-reference dl")).to_be_visible()
    keep(page, f"behavioral-{size}-{scheme}", viewport["width"])

    page.request.post(
        f"{live.base}/api/stories",
        data={"title": f"A story for {size}", "competencies": ["ownership"]},
    )
    page.goto(f"{live.base}/stories")
    page.get_by_role("button", name="New story").click()
    keep(page, f"stories-{size}-{scheme}", viewport["width"])
