"""Model feedback on system-design stages in Chromium, through the fake model server: a stage's
offline feedback as soon as it is left, the model's criteria streamed in beside it (the page
seen with the stream held after its first criterion), the model's follow-up questions answered
and graded again; then a model that never answers, timed out into one quiet line."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta

import pytest
from fastapi import FastAPI
from playwright.sync_api import Page, expect

from app.clock import ManualClock
from app.feedback.llm.notices import notice
from app.settings import Settings
from tests.fakellm import FakeLlm, Hang
from tests.web.design_walk import design_prompt, design_settings
from tests.web.model_feedback import HeldStream, model_service, with_model
from tests.web.serving import AppServer

PROMPT = design_prompt()
WALK_URL = re.compile(rf"/rounds/[0-9a-f-]+/questions/{PROMPT.id}$")
# Short, so the test of a model that never answers is not long; the fake answers everything
# else at once, and a held stream waits between reads, where no timeout runs.
TIMEOUT_S = 4.0


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeLlm]:
    with FakeLlm() as running:
        yield running


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory, fake: FakeLlm) -> Settings:
    return with_model(design_settings(tmp_path_factory), fake, llm_timeout_s=TIMEOUT_S)


def _start(page: Page, clock: ManualClock, live: AppServer) -> None:
    page.clock.install(time=clock.now() - timedelta(days=1))
    page.clock.pause_at(clock.now())
    page.goto(f"{live.base}/questions/{PROMPT.id}")
    page.get_by_role("button", name="Start walkthrough").click()
    page.wait_for_url(WALK_URL)


def _leave_stage(page: Page, position: int, text: str) -> None:
    page.locator("#answer-editor .cm-content").click()
    page.keyboard.insert_text(text)
    with page.expect_response(re.compile(r"/advance$")):
        page.locator("#next-stage").click()


def test_a_stage_gets_the_models_feedback_and_follow_ups(
    live: AppServer,
    app: FastAPI,
    clock: ManualClock,
    page: Page,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    held = HeldStream(model_service(app), monkeypatch)
    stage = PROMPT.stages[0]
    _start(page, clock, live)
    card = page.locator(f"#review-{stage.name}")
    panel = card.locator(".after-grading > .model-feedback")
    try:
        _leave_stage(page, 0, stage.reference)
        offline = card.locator(".review-feedback > .criteria > .criterion")
        expect(offline).to_have_count(len(stage.criteria))
        held.wait_reached()
        expect(panel.locator(".criterion")).to_have_count(1)  # the first, before the stream ends
        expect(panel.locator(".model-verdict-line")).to_have_count(0)
    finally:
        held.release.set()
    expect(panel.locator(".criterion")).to_have_count(len(stage.criteria))
    expect(panel.locator(".model-verdict-line")).to_have_text(
        "The model and the offline grader agree on every criterion."
    )
    first = stage.criteria[0].id
    offline_verdict = card.locator(
        f'.review-feedback > .criteria [data-criterion="{first}"] .verdict-badge'
    )
    expect(panel.locator(f'[data-criterion="{first}"] .verdict-badge.offline')).to_have_text(
        offline_verdict.inner_text()
    )

    # The model's follow-up questions, answered: the stage graded again with the reply.
    block = card.locator(".follow-up-block")
    expect(block.locator("label").first).to_contain_text("hold up if the load grew tenfold?")
    block.get_by_role("textbox").first.fill("Reads go to a cache in front of the database.")
    with page.expect_response("**/follow-ups"):
        block.get_by_role("button", name="Send replies").click()
    expect(block.locator(".moved-line")).to_contain_text("Your replies moved")
    expect(block.locator(".regraded .verdict-badge")).to_have_count(len(stage.criteria))
    expect(block.locator(".model-feedback .model-verdict-line")).to_be_visible()

    # Assessing a criterion renders the cards again: the model's feedback stays as it was.
    card.locator(".review-feedback > .criteria .criterion").first.get_by_label("met").check()
    expect(panel.locator(".model-verdict-line")).to_be_visible()
    expect(block.get_by_role("textbox").first).to_have_value(
        "Reads go to a cache in front of the database."
    )


def test_a_model_that_never_answers_is_timed_out(
    live: AppServer, clock: ManualClock, fake: FakeLlm, page: Page
) -> None:
    fake.script(Hang())
    stage = PROMPT.stages[0]
    _start(page, clock, live)
    _leave_stage(page, 0, "Pastes are text, at most a megabyte; links never expire.")
    card = page.locator(f"#review-{stage.name}")
    expect(card.locator(".review-feedback > .criteria > .criterion")).to_have_count(
        len(stage.criteria)
    )
    panel = card.locator(".after-grading > .model-feedback")
    expect(panel.locator(".model-notice")).to_have_text(notice("timeout"), timeout=30_000)
    expect(panel.locator(".criterion")).to_have_count(0)
    expect(card.locator(".follow-up-block label").first).to_have_text(stage.follow_ups[0])
