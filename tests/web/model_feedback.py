"""Model feedback in the browser's tests: settings that point an app at the fake model server,
a hold on the model's stream after its first finished criterion (so a test sees the page
mid-stream, ordered by events), and the pages' requests to the feedback stream."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from playwright.sync_api import Page, Request

from app.feedback.llm.client import CriterionDone, ReplyDone
from app.feedback.llm.service import ModelFeedback
from app.settings import Settings
from tests.fakellm import FakeLlm

STREAM = re.compile(r"/api/attempts/\d+/llm-feedback")
HOLD_LIMIT_S = 60  # only so that a failed test never leaves a server thread held for good


def with_model(settings: Settings, fake: FakeLlm, **overrides: Any) -> Settings:
    """`settings` with model feedback on, through the fake: no retries, a breaker that never
    opens (a test's own fault must not pause the next test's model)."""
    llm = {
        "llm_base_url": fake.base_url,
        "llm_model": "fake",
        "llm_retries": 0,
        "llm_breaker_failures": 1000,
        **overrides,
    }
    return settings.model_copy(update=llm)


def model_service(app: FastAPI) -> ModelFeedback:
    service = app.state.model_feedback
    assert isinstance(service, ModelFeedback), "the app's lifespan set up no model"
    return service


class HeldStream:
    """The model's stream held after its first finished criterion until `release` is set:
    `reached` is set once the criterion has gone to the page."""

    def __init__(self, service: ModelFeedback, monkeypatch: pytest.MonkeyPatch) -> None:
        self.reached, self.release = threading.Event(), threading.Event()
        self._stream = service.client.stream
        monkeypatch.setattr(service.client, "stream", self.stream)

    def stream(self, messages: Any) -> Iterator[CriterionDone | ReplyDone]:
        held = False
        for item in self._stream(messages):
            yield item  # the service sends it to the page before asking for the next
            if isinstance(item, CriterionDone) and not held:
                held = True
                self.reached.set()
                self.release.wait(HOLD_LIMIT_S)

    def wait_reached(self) -> None:
        assert self.reached.wait(HOLD_LIMIT_S), "the model's stream sent no criterion"


TRACK_SOURCES = """
const Native = window.EventSource;
window.openedSources = [];
window.EventSource = class extends Native {
  constructor(...args) { super(...args); window.openedSources.push(this); }
};
"""


def track_event_sources(page: Page) -> None:
    """Keep every EventSource the page opens, to ask later whether any is still open."""
    page.add_init_script(TRACK_SOURCES)


def open_event_sources(page: Page) -> int:
    """How many of the page's EventSources are not closed (connecting counts: it would
    reconnect, and ask again)."""
    count: int = page.evaluate("window.openedSources.filter((s) => s.readyState !== 2).length")
    return count


def stream_requests(page: Page) -> list[str]:
    """The URLs of the feedback stream the page asks for, from now on."""
    urls: list[str] = []

    def note(request: Request) -> None:
        if STREAM.search(request.url):
            urls.append(request.url)

    page.on("request", note)
    return urls


ANSWER_API = re.compile(r"/api/questions/[a-z0-9-]+/answers$")
PARTS = ("situation", "task", "action", "result", "reflection")
# An outage told without its root cause or a fix beyond the team: what the replies can add.
OUTAGE_STORY = {
    "situation": "I was on the payments team when checkout went down for 38 minutes one Friday "
    "and 4,000 customers could not pay.",
    "task": "The outage came from my change: I had written a schema migration, so leading the "
    "recovery was mine.",
    "action": "I was paged, saw checkout waiting on a lock, rolled back the migration first and "
    "watched the error rate fall.",
    "result": "Checkout was back 12 minutes after I was paged and no payment was charged twice.",
    "reflection": "I learned to roll back first and debug second.",
}
ROOT_CAUSE_REPLY = (
    "The root cause was that nothing stopped a locking migration, so I added an automated check "
    "in CI that blocks the deploy, and made it the default for every team through the shared "
    "pipeline."
)


def tell(page: Page, story: dict[str, str], told: str = "") -> None:
    """Fill the STAR fields; `told` ends the reflection, so that each test's answer is its own
    (the model's feedback is cached by answer)."""
    for part in PARTS:
        text = story[part] + (f" {told}" if part == "reflection" and told else "")
        page.locator(f"#field-{part}").fill(text)


def answer(page: Page) -> None:
    with page.expect_response(ANSWER_API):
        page.get_by_role("button", name="Answer", exact=True).click()
