"""A 45-minute system-design walkthrough in Chromium, from the prompt's page to the summary:
six stages answered, autosave, a reload mid-stage that restores the draft, a stage run over
its budget (marked in red), a diagram with a syntax error shown with its line and then drawn,
feedback beside the reference after each stage, and the summary with a level.

Time is the test's: the server runs on the module's manual clock and the page on Playwright's
paused clock. Mermaid and the autosave wait on timers, so the test runs the page's clock in
steps until what it waits for shows."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import Locator, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from app.clock import ManualClock
from app.settings import Settings
from tests.web.design_walk import design_prompt, design_settings
from tests.web.serving import AppServer

PROMPT = design_prompt()
WALK_URL = re.compile(rf"/rounds/[0-9a-f-]+/questions/{PROMPT.id}$")
ROUND_API = re.compile(r"/api/rounds/[0-9a-f-]+$")
DRAFT_API = re.compile(r"/api/questions/[a-z0-9-]+/drafts/[a-z_]+$")
BROKEN = "flowchart LR\n  client[Client] --> api[API]\n  api --> cache[(Redis\n"
FIXED = (
    "flowchart LR\n  client[Client] --> api[API]\n  api --> cache[(Redis)]\n"
    "  api --> db[(Database)]\n"
)


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return design_settings(tmp_path_factory)


def _run_page_clock_until(page: Page, shown: Locator) -> None:
    """Run the page's timers in small steps until `shown` is visible."""
    for _ in range(150):
        page.clock.run_for(200)
        try:
            shown.first.wait_for(state="visible", timeout=100)
            return
        except PlaywrightTimeout:
            continue
    expect(shown.first).to_be_visible()


def _write(page: Page, editor: str, text: str) -> None:
    page.locator(f"{editor} .cm-content").click()
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.press("Delete")
    page.keyboard.insert_text(text)


def _answer(position: int) -> str:
    """The stage's reference answer as the candidate's own."""
    return PROMPT.stages[position].reference


def _next_stage(page: Page, position: int) -> None:
    """Next stage: the answer is graded, the stage left, and its feedback shown."""
    stage = PROMPT.stages[position]
    with page.expect_response(re.compile(r"/advance$")):
        page.locator("#next-stage").click()
    card = page.locator(f"#review-{stage.name}")
    expect(card).to_be_visible()
    expect(card.locator(".verdict-badge")).to_have_count(len(stage.criteria))


def test_a_45_minute_walkthrough_from_prompt_to_summary(
    live: AppServer, clock: ManualClock, page: Page
) -> None:
    page.clock.install(time=clock.now() - timedelta(days=1))
    page.clock.pause_at(clock.now())
    page.goto(f"{live.base}/questions/{PROMPT.id}")
    expect(page.locator("#stage-plan .stage-budget").first).to_have_text("7 min")
    page.get_by_label("60 minutes").check()
    expect(page.locator("#stage-plan .stage-budget").first).to_have_text("9 min")
    page.get_by_label("45 minutes").check()
    page.get_by_role("button", name="Start walkthrough").click()
    page.wait_for_url(WALK_URL)

    clock_time = page.locator("#stage-clock-time")
    expect(page.locator(".step.current")).to_contain_text("Requirements")
    expect(clock_time).to_have_text("7:00 left")
    expect(page.locator("#guiding-questions li")).to_have_count(2)

    # Autosave, then a reload mid-stage brings the draft back.
    _write(page, "#answer-editor", _answer(0))
    with page.expect_response(DRAFT_API):
        page.clock.run_for(2000)
    expect(page.locator("#save-status")).to_have_text(re.compile(r"^Saved \d\d:\d\d$"))
    page.reload()
    expect(page.locator("#answer-editor .cm-content")).to_contain_text(_answer(0)[:40])

    # Past the stage's budget: the soft pace keeps it open and marks the overrun in red.
    clock.advance(8 * 60)
    with page.expect_response(ROUND_API):
        page.clock.fast_forward(8 * 60 * 1000)
    expect(clock_time).to_have_text("1:00 over budget")
    expect(page.locator(".step.current")).to_have_class(re.compile("over-budget"))
    _next_stage(page, 0)
    review = page.locator("#review-requirements")
    expect(review.locator(".review-reference")).to_contain_text(PROMPT.stages[0].reference[:40])
    expect(review.locator(".review-reference")).to_contain_text("What a strong senior answer adds")
    expect(page.locator(".step[data-position='0']")).to_have_class(re.compile("over-budget"))
    expect(page.locator(".step.current")).to_contain_text("API")

    # The candidate's own verdict, beside the grader's.
    first = review.locator(".criterion").first
    first.get_by_label("met").check()
    expect(first.locator(".agreement")).to_have_text(re.compile("agrees|differs"))

    for position in (1, 2):
        _write(page, "#answer-editor", _answer(position))
        _next_stage(page, position)

    # Architecture: a diagram with a syntax error, shown with its line, then fixed and drawn.
    expect(page.locator("#diagram-block")).to_be_visible()
    _write(page, "#answer-editor", _answer(3))
    _write(page, "#diagram-editor", BROKEN)
    error = page.locator("#diagram-error")
    _run_page_clock_until(page, error)
    expect(error).to_contain_text("Line 3")
    expect(page.locator("#diagram-editor .cm-lintRange-error")).to_have_count(1)
    _write(page, "#diagram-editor", FIXED)
    _run_page_clock_until(page, page.locator("#diagram-view svg"))
    expect(error).to_be_hidden()
    _next_stage(page, 3)
    _run_page_clock_until(page, page.locator("#review-architecture .reference-diagram svg"))

    for position in (4, 5):
        _write(page, "#answer-editor", _answer(position))
        _next_stage(page, position)

    summary = page.locator("#summary")
    expect(summary).to_be_visible()
    expect(summary.locator("tbody tr")).to_have_count(6)
    expect(summary.locator(".level-word")).to_have_text(re.compile("junior|mid|senior|staff"))
    expect(summary.locator("tr[data-section='requirements'] td.over-budget")).to_have_text(
        "8:00 of 7:00"
    )
    expect(page.locator("#work-pane")).to_be_hidden()


def _open(page: Page, clock: ManualClock, url: str) -> None:
    page.clock.install(time=clock.now() - timedelta(days=1))
    page.clock.pause_at(clock.now())
    page.goto(url)


def _save(page: Page, text: str, status: int) -> None:
    """Type `text` and run the autosave timer: the save answers `status`."""
    _write(page, "#answer-editor", text)
    with page.expect_response(DRAFT_API) as saved:
        page.clock.run_for(2000)
    assert saved.value.status == status


def test_two_tabs_on_one_stage_are_told_and_lose_nothing(
    live: AppServer, clock: ManualClock, page: Page
) -> None:
    """A stale tab's save is refused with the other tab's text; "Load theirs" takes it,
    "Keep mine" writes over it knowingly, and a reload shows what was kept."""
    _open(page, clock, f"{live.base}/questions/{PROMPT.id}")
    page.get_by_role("button", name="Start walkthrough").click()
    page.wait_for_url(WALK_URL)
    other = page.context.new_page()  # a second tab of the same browser
    _open(other, clock, page.url)
    expect(other.locator("#answer-editor .cm-content")).to_be_visible()

    _save(page, "The first tab's requirements.", 200)
    _save(other, "The second tab's requirements.", 409)
    expect(other.locator("#conflict-banner")).to_be_visible()
    other.locator("#load-theirs").click()
    expect(other.locator("#answer-editor .cm-content")).to_have_text(
        "The first tab's requirements."
    )
    expect(other.locator("#conflict-banner")).to_be_hidden()
    _save(other, "The second tab, on top of the first.", 200)

    _save(page, "The first tab, again.", 409)
    expect(page.locator("#conflict-banner")).to_be_visible()
    with page.expect_response(DRAFT_API) as kept:
        page.locator("#keep-mine").click()
    assert kept.value.status == 200
    page.reload()
    expect(page.locator("#answer-editor .cm-content")).to_have_text("The first tab, again.")
