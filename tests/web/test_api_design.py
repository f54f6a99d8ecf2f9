"""GET /api/questions/{id}/walkthrough over HTTP: what a walkthrough page rebuilds itself
from. Feedback appears once a stage is graded, the reference only once the stage is over, the
time used and over budget follow the server's (manual) clock, and the overall level arrives
with the last stage's feedback."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.clock import ManualClock
from app.feedback.model import SectionFeedback
from app.feedback.offline import overall_level
from app.settings import Settings
from tests.web.design_walk import design_prompt, design_settings, walkthrough_round

PROMPT = design_prompt()


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return design_settings(tmp_path_factory)


def _start(client: TestClient) -> str:
    response = client.post("/api/rounds", json=walkthrough_round(PROMPT))
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def _walk(client: TestClient, round_id: str) -> dict[str, Any]:
    response = client.get(f"/api/questions/{PROMPT.id}/walkthrough", params={"round_id": round_id})
    assert response.status_code == 200, response.text
    walked: dict[str, Any] = response.json()
    return walked


def _answer(client: TestClient, round_id: str, position: int, text: str) -> dict[str, Any]:
    stage = PROMPT.stages[position]
    diagram = stage.reference_diagram if stage.name == "architecture" else None
    body = {"answer": {"stage": stage.name, "text": text, "diagram": diagram}, "round_id": round_id}
    response = client.post(f"/api/questions/{PROMPT.id}/answers", json=body)
    assert response.status_code == 200, response.text
    answered: dict[str, Any] = response.json()
    return answered


def _advance(client: TestClient, round_id: str, leaving: int) -> None:
    response = client.post(f"/api/rounds/{round_id}/advance", json={"leaving": leaving})
    assert response.status_code == 200, response.text


def test_a_new_walkthrough_shows_plans_and_no_reference(
    client: TestClient, clock: ManualClock
) -> None:
    walked = _walk(client, _start(client))
    assert [s["section"] for s in walked["stages"]] == [s.name for s in PROMPT.stages]
    assert [s["budget_s"] for s in walked["stages"]] == [420, 360, 420, 720, 480, 300]
    assert walked["stages"][0]["guiding_questions"] == PROMPT.stages[0].guiding_questions
    assert [s["status"] for s in walked["stages"]] == ["current"] + ["upcoming"] * 5
    assert all(s["reference"] is None and s["feedback"] is None for s in walked["stages"])
    assert (walked["over"], walked["current_stage"], walked["level"]) == (False, 0, None)


def test_feedback_comes_with_the_grade_and_the_reference_after_the_stage(
    client: TestClient, clock: ManualClock
) -> None:
    round_id = _start(client)
    graded = _answer(client, round_id, 0, PROMPT.stages[0].reference)
    first = _walk(client, round_id)["stages"][0]
    assert first["feedback"] == graded["details"]["feedback"]
    assert first["attempt"]["score"] == graded["score"]
    assert first["reference"] is None  # the stage is still running
    _advance(client, round_id, 0)
    first = _walk(client, round_id)["stages"][0]
    assert first["status"] == "over"
    assert first["reference"]["answer"] == PROMPT.stages[0].reference
    assert first["reference"]["senior_adds"] == PROMPT.stages[0].senior_adds
    assert _walk(client, round_id)["stages"][1]["reference"] is None


def test_the_latest_graded_answer_of_a_stage_is_the_one_shown(
    client: TestClient, clock: ManualClock
) -> None:
    round_id = _start(client)
    _answer(client, round_id, 0, PROMPT.stages[0].reference)
    again = _answer(client, round_id, 0, "Only a sentence, this time.")
    assert _walk(client, round_id)["stages"][0]["attempt"]["attempt_id"] == again["attempt_id"]


def test_time_used_and_over_budget_follow_the_server_clock(
    client: TestClient, clock: ManualClock
) -> None:
    round_id = _start(client)
    clock.advance(300)
    first = _walk(client, round_id)["stages"][0]
    assert (first["used_s"], first["over_budget_s"]) == (300, 0)
    clock.advance(200)  # 500 s into a 420 s stage: a soft pace keeps it open
    first = _walk(client, round_id)["stages"][0]
    assert (first["status"], first["used_s"], first["over_budget_s"]) == ("current", 500, 80)
    _advance(client, round_id, 0)
    clock.advance(60)
    stages = _walk(client, round_id)["stages"]
    assert (stages[0]["used_s"], stages[1]["used_s"]) == (500, 60)


def test_the_overall_level_arrives_with_the_last_stage(
    client: TestClient, clock: ManualClock
) -> None:
    round_id = _start(client)
    for position, stage in enumerate(PROMPT.stages):
        assert _walk(client, round_id)["level"] is None
        _answer(client, round_id, position, stage.reference)
        _advance(client, round_id, position)
    walked = _walk(client, round_id)
    assert (walked["over"], walked["current_stage"]) == (True, None)
    assert all(s["reference"] is not None for s in walked["stages"])
    sections = [SectionFeedback.model_validate(s["feedback"]) for s in walked["stages"]]
    assert walked["level"] == overall_level(sections).model_dump()


@pytest.mark.parametrize("which", ["sql question", "other round", "unknown round"])
def test_a_walkthrough_of_something_else_is_not_found(
    client: TestClient, clock: ManualClock, which: str
) -> None:
    sql_round = client.post(
        "/api/rounds", json={"question_ids": ["org-pay-cuts"], "time_limit_s": 600}
    ).json()["id"]
    question, where = {
        "sql question": ("org-pay-cuts", sql_round),
        "other round": (PROMPT.id, sql_round),
        "unknown round": (PROMPT.id, "no-such-round"),
    }[which]
    response = client.get(f"/api/questions/{question}/walkthrough", params={"round_id": where})
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_the_round_is_required(client: TestClient) -> None:
    response = client.get(f"/api/questions/{PROMPT.id}/walkthrough")
    assert response.status_code == 422
