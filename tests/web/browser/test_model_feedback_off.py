"""A behavioral answer in Chromium with no model configured: nothing of model feedback shows
and the page never asks for it, while the follow-up questions are offered from the prompt's
rubric. A reply typed is kept over a reload, a refused send keeps it and says why, a sent one
moves criteria and comes back from the server after a reload."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import Page, Route, expect

from app.settings import Settings
from tests.web.model_feedback import (
    OUTAGE_STORY,
    ROOT_CAUSE_REPLY,
    answer,
    stream_requests,
    tell,
)
from tests.web.serving import AppServer
from tests.web.talk_bank import OUTAGE_ID, talk_settings

QUESTIONS = ["What would you do differently?", "How did you tell the people affected?"]
BUSY = {"title": "Service Unavailable", "detail": "The store is busy; try again in a moment."}


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return talk_settings(tmp_path_factory)


def _refuse_sends(route: Route) -> None:
    if route.request.method != "POST":
        route.fallback()
        return
    body = json.dumps(BUSY)
    route.fulfill(status=503, content_type="application/problem+json", body=body)


def test_follow_ups_work_without_a_model(live: AppServer, page: Page) -> None:
    streams = stream_requests(page)
    page.goto(f"{live.base}/questions/{OUTAGE_ID}")
    expect(page.locator("body")).to_have_attribute("data-model-feedback", "off")
    tell(page, OUTAGE_STORY)
    answer(page)
    root = page.locator('#review-feedback [data-criterion="systemic-root-cause"] .verdict-badge')
    expect(root).to_have_text("missing")
    block = page.locator(".follow-up-block")
    expect(block.locator("label")).to_have_text(QUESTIONS)
    expect(page.locator(".model-feedback")).to_have_count(0)
    expect(page.get_by_text("Model feedback")).to_have_count(0)

    block.get_by_role("button", name="Send replies").click()
    expect(block.locator(".follow-up-status")).to_have_text(
        "Write a reply to at least one question first."
    )
    reply = block.get_by_role("textbox").first
    reply.fill(ROOT_CAUSE_REPLY)
    page.reload()  # the reply is a draft in the browser, and the answer comes back with it
    expect(reply).to_have_value(ROOT_CAUSE_REPLY)

    page.route("**/follow-ups", _refuse_sends)
    with page.expect_response("**/follow-ups"):
        block.get_by_role("button", name="Send replies").click()
    expect(block.locator(".follow-up-status")).to_contain_text(f"Not sent: {BUSY['detail']}")
    expect(reply).to_have_value(ROOT_CAUSE_REPLY)
    page.unroute("**/follow-ups")

    with page.expect_response("**/follow-ups") as sent:
        block.get_by_role("button", name="Send replies").click()
    assert sent.value.status == 201
    assert sent.value.request.post_data_json == {
        "replies": [{"question": QUESTIONS[0], "reply": ROOT_CAUSE_REPLY}]
    }
    expect(block.locator(".moved-line")).to_contain_text(
        "Finds the cause in the system missing → met"
    )
    regraded = block.locator('.regraded [data-criterion="systemic-root-cause"] .verdict-badge')
    expect(regraded).to_have_text("met")

    page.reload()  # the saved reply, from the server (the draft is gone once sent)
    assert (
        page.evaluate(
            "Object.keys(localStorage).filter((k) => k.startsWith('drill:follow-ups')).length"
        )
        == 0
    )
    expect(reply).to_have_value(ROOT_CAUSE_REPLY)
    expect(block.locator(".follow-up-status")).to_contain_text("Your replies are saved")
    expect(regraded).to_have_text("met")
    assert streams == []
