"""Model feedback on system-design stages in Chromium, through the fake model server: a stage's
offline feedback as soon as it is left, the model's criteria streamed in beside it (the page
seen with the stream held after its first criterion), the model's follow-up questions answered
and graded again; then a model that never answers, timed out into one quiet line."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from datetime import timedelta

import pytest
from fastapi import FastAPI
from playwright.sync_api import Page, expect

from app.clock import ManualClock, SystemClock
from app.feedback.llm.notices import notice
from app.feedback.llm.setup import model_feedback
from app.settings import Settings
from tests.fakellm import FakeLlm, Gate, Hang
from tests.web.design_walk import design_prompt, design_settings
from tests.web.model_feedback import HOLD_LIMIT_S, with_model
from tests.web.serving import AppServer

PROMPT = design_prompt()
WALK_URL = re.compile(rf"/rounds/[0-9a-f-]+/questions/{PROMPT.id}$")
# The model that never answers is given this long; the other tests keep the default minute.
SHORT_TIMEOUT_S = 0.5


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeLlm]:
    with FakeLlm() as running:
        yield running


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory, fake: FakeLlm) -> Settings:
    return with_model(design_settings(tmp_path_factory), fake)


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
    fake: FakeLlm,
    page: Page,
) -> None:
    held = Gate(threading.Event(), mid_stream=True)
    fake.script(held)
    stage = PROMPT.stages[0]
    _start(page, clock, live)
    card = page.locator(f"#review-{stage.name}")
    panel = card.locator(".after-grading > .model-feedback")
    try:
        _leave_stage(page, 0, stage.reference)
        offline = card.locator(".review-feedback > .criteria > .criterion")
        expect(offline).to_have_count(len(stage.criteria))
        assert held.arrived.wait(HOLD_LIMIT_S), "the model's stream was not held"
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
    live: AppServer, app: FastAPI, settings: Settings, clock: ManualClock, fake: FakeLlm, page: Page
) -> None:
    # The hang is endless, so even half a second cannot race it; the other tests keep a minute.
    impatient = settings.model_copy(update={"llm_timeout_s": SHORT_TIMEOUT_S})
    patient, app.state.model_feedback = (
        app.state.model_feedback,
        model_feedback(impatient, SystemClock()),
    )
    fake.script(Hang())
    try:
        _a_stage_left_to_a_hanging_model(page, clock, live)
    finally:
        app.state.model_feedback.client.close()
        app.state.model_feedback = patient


def _a_stage_left_to_a_hanging_model(page: Page, clock: ManualClock, live: AppServer) -> None:
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
