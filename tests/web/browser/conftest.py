"""The module's app served over HTTP in this process, on the module's manual clock, and Debian's
Chromium driven by Playwright. In CI the browser must be
there (`make browser` installs it); on a developer machine without it these tests skip. A failed
test leaves a screenshot in var/test-artifacts/."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Generator, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    Playwright,
    sync_playwright,
)

from app.clock import ManualClock
from tests.web.serving import AppServer, serving_app

ARTIFACTS = Path(__file__).parents[3] / "var" / "test-artifacts"
OpenPage = Callable[..., Page]
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture(scope="module")
def live(app: FastAPI, clock: ManualClock) -> Iterator[AppServer]:
    """The module's app and state file, on its manual clock: time passes when a test says."""
    with serving_app(app) as running:
        yield running


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    chromium = shutil.which("chromium")
    if chromium is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium is missing: `make browser` installs Debian's package")
        pytest.skip("Chromium is not installed (make browser installs it)")
    launched = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS)
    yield launched
    launched.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    item.stash.setdefault(FAILED, False)
    if report.failed:
        item.stash[FAILED] = True
    return report


FAILED = pytest.StashKey[bool]()


@pytest.fixture
def open_page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[OpenPage]:
    """Pages in fresh profiles (empty storage); script errors fail the test, and a failed
    test leaves a screenshot of each page."""
    contexts: list[BrowserContext] = []
    errors: list[str] = []

    def opener(**options: Any) -> Page:
        context = browser.new_context(**{"viewport": {"width": 1280, "height": 900}, **options})
        contexts.append(context)
        opened = context.new_page()
        opened.on("pageerror", lambda error: errors.append(str(error)))
        opened.on("console", lambda message: _note_console_error(message, errors))
        opened.set_default_timeout(15_000)
        return opened

    yield opener
    for number, context in enumerate(contexts):
        if request.node.stash.get(FAILED, False):
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            shot = ARTIFACTS / f"{request.node.name}-{number}.png"
            context.pages[0].screenshot(path=shot, full_page=True)
        context.close()
    assert not errors, f"the page reported script errors: {errors}"


@pytest.fixture
def page(open_page: OpenPage) -> Page:
    """A page at desktop width."""
    return open_page()


def _note_console_error(message: ConsoleMessage, errors: list[str]) -> None:
    # Failed requests the test provokes on purpose (a 404, a 422) are logged by the browser too.
    if message.type == "error" and "Failed to load resource" not in message.text:
        errors.append(message.text)
