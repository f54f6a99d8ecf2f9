"""A behavioral answer in Chromium: the STAR fields with their live length, the feedback beside
the reference story, the answer saved as a story, then the story suggested for a second prompt,
filled in and graded against that prompt; and the story bank's edit conflict and delete."""

from __future__ import annotations

import re
import tomllib

import pytest
from playwright.sync_api import Page, expect

from app.settings import Settings
from tests.web.serving import AppServer
from tests.web.talk_bank import OUTAGE_ID, RISK_ID, talk_settings

ANSWER_API = re.compile(r"/api/questions/[a-z0-9-]+/answers$")
PARTS = ("situation", "task", "action", "result", "reflection")


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return talk_settings(tmp_path_factory)


def reference_story() -> dict[str, str]:
    path = Settings().bank_dir / "behavioral" / f"{OUTAGE_ID}.toml"
    story: dict[str, str] = tomllib.loads(path.read_text())["reference"]
    return story


def answer(page: Page) -> dict[str, object]:
    """Answer, and give back the answer the page sent."""
    with page.expect_response(ANSWER_API) as response:
        page.get_by_role("button", name="Answer", exact=True).click()
    body = response.value.request.post_data_json
    assert body is not None
    sent: dict[str, object] = body["answer"]
    return sent


def test_an_answer_saved_as_a_story_answers_a_second_prompt(live: AppServer, page: Page) -> None:
    page.clock.install()
    page.goto(f"{live.base}/questions/{OUTAGE_ID}")
    story = reference_story()
    for part in PARTS:
        page.locator(f"#field-{part}").fill(story[part])
    words = len(" ".join(story.values()).split())
    expect(page.locator("#length-line")).to_contain_text(f"{words} words · about")
    expect(page.locator("#length-line")).to_have_attribute("data-fit", "fits")
    answer(page)
    expect(page.locator("#outcome")).to_contain_text("Every criterion met")
    root = page.locator('#review-feedback [data-criterion="systemic-root-cause"]')
    expect(root.locator(".verdict-badge")).to_have_text("met")
    expect(root.locator(".evidence").first).to_be_visible()
    expect(page.locator("#review-reference")).to_contain_text(story["result"])
    expect(page.locator("#listens-for")).to_contain_text("What the interviewer listens for")

    page.get_by_text("Save this answer as a story").click()
    page.get_by_label("Title").fill("The migration that locked checkout")
    page.get_by_label("Seeing a failure mode coming").check()
    with page.expect_response("**/api/stories"):
        page.get_by_role("button", name="Save to the story bank").click()
    expect(page.locator("#save-status")).to_contain_text("Saved as")

    page.goto(f"{live.base}/questions/{RISK_ID}")
    page.get_by_role("button", name="Suggest stories").click()
    fit = page.locator(".suggestion").filter(has_text="The migration that locked checkout")
    expect(fit).to_contain_text("tagged with this prompt's competency")
    fit.get_by_role("button", name=re.compile("^Answer from the story")).click()
    expect(page.locator("#field-action")).to_have_value(story["action"])
    expect(page.locator("#from-story")).to_contain_text("The migration that locked checkout")
    sent = answer(page)
    assert sent["story_id"] and sent["action"] == story["action"]
    own = page.locator('#review-feedback [data-section="criteria"]')
    expect(own.locator('[data-criterion="noticed-the-risk"]')).to_be_visible()
    expect(own.locator('[data-criterion="systemic-root-cause"]')).to_have_count(0)

    page.goto(f"{live.base}/stories")
    expect(page.locator('.competency[data-competency="foresight"]')).to_have_class(
        re.compile("covered")
    )
    expect(page.locator('.competency[data-competency="trade-off"] .badge')).to_have_text(
        "no story yet"
    )


def test_one_text_counts_its_words_and_is_answered_as_text(live: AppServer, page: Page) -> None:
    page.clock.install()
    page.goto(f"{live.base}/questions/{RISK_ID}")
    page.get_by_role("tab", name="One text").click()
    page.locator("#field-text").fill("I noticed the pool would run out, so I added a load test.")
    expect(page.locator("#length-line")).to_contain_text("13 words · about 0:05 spoken · short")
    sent = answer(page)
    assert sent == {"text": "I noticed the pool would run out, so I added a load test."}
    expect(
        page.locator('#review-feedback [data-criterion="length-fit"] .verdict-badge')
    ).to_have_text("missing")


def test_an_edit_saved_meanwhile_elsewhere_is_a_choice(live: AppServer, page: Page) -> None:
    made = page.request.post(
        f"{live.base}/api/stories",
        data={"title": "A flaky deploy", "action": "I paused the deploys.", "competencies": []},
    )
    story = made.json()
    page.goto(f"{live.base}/stories")
    item = page.locator(f'.story[data-story="{story["id"]}"]')
    item.get_by_role("button", name="Edit").click()
    form = page.get_by_role("form", name="Edit: A flaky deploy")
    form.get_by_label("Result").fill("Deploys were green again within a day.")
    fields = {name: story[name] for name in (*PARTS, "competencies")}
    elsewhere = {**fields, "title": "A flaky deploy, retold", "base_version": story["version"]}
    assert page.request.put(f"{live.base}/api/stories/{story['id']}", data=elsewhere).ok
    form.get_by_role("button", name="Save story").click()
    expect(form.locator(".conflict")).to_contain_text("saved elsewhere meanwhile (version 2")
    form.get_by_role("button", name="Save mine over it").click()
    expect(page.locator("#status")).to_contain_text('"A flaky deploy" is saved (version 3)')

    page.once("dialog", lambda dialog: dialog.accept())
    item.get_by_role("button", name="Delete").click()
    expect(page.locator("#status")).to_contain_text("is deleted")
    expect(item).to_have_count(0)
