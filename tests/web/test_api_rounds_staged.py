"""The rounds API with stages: today's one-stage shapes still work and gain `stages`; a plan of
stages starts, advances (a stale index is refused) and finishes on its last stage. The server's
clock is overridden, never waited for."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.clock_override import OffsetClock, server_clock
from tests.sql_bank import sql_questions

# Long past: the web tests share one app, and these rounds must never be another test's
# running round on the real clock.
T0 = datetime(2020, 1, 6, 10, 0, tzinfo=UTC)
PAY_CUTS, NEVER = "org-pay-cuts", "shop-customers-who-never-ordered"


@pytest.fixture
def clock(client: TestClient) -> Iterator[OffsetClock]:
    with server_clock(client, T0) as clock:
        yield clock


def _start(client: TestClient, body: dict[str, Any]) -> dict[str, Any]:
    response = client.post("/api/rounds", json=body)
    assert response.status_code == 201, response.text
    started: dict[str, Any] = response.json()
    return started


def _plan() -> dict[str, Any]:
    return {
        "stages": [
            {"name": "Warm-up", "question_ids": [PAY_CUTS], "time_limit_s": 300},
            {"name": "Main", "question_ids": [NEVER, PAY_CUTS], "time_limit_s": 600},
        ]
    }


def test_todays_shape_is_one_stage(client: TestClient, clock: OffsetClock) -> None:
    round_ = _start(client, {"question_ids": [PAY_CUTS, NEVER], "time_limit_s": 600})
    clock.at(100)
    read = client.get(f"/api/rounds/{round_['id']}").json()
    assert (read["remaining_s"], read["over"], read["current_stage"]) == (500, False, 0)
    assert read["stages"] == [
        {
            "position": 0,
            "name": "Questions",
            "question_ids": [PAY_CUTS, NEVER],
            "section": None,
            "time_limit_s": 600,
            "started_at": T0.isoformat(),
            "deadline_at": (T0 + timedelta(seconds=600)).isoformat(),
            "remaining_s": 500,
            "over_budget_s": 0,
            "status": "current",
        }
    ]
    assert read["deadline_at"] == read["stages"][0]["deadline_at"]
    assert read["pace"] == "strict"


@pytest.mark.parametrize(
    "body",
    [
        {"question_ids": [PAY_CUTS]},  # no time limit
        {**_plan(), "time_limit_s": 600},  # both shapes
        {"stages": []},
        {"stages": [{"name": "", "question_ids": [PAY_CUTS], "time_limit_s": 600}]},
        {"stages": [{"name": "A", "question_ids": [PAY_CUTS], "time_limit_s": 10}]},
    ],
)
def test_a_round_request_has_one_shape(client: TestClient, body: dict[str, Any]) -> None:
    response = client.post("/api/rounds", json=body)
    assert response.status_code == 422 and response.json()["code"] == "validation_error"


def test_a_plan_advances_one_stage_at_a_time(client: TestClient, clock: OffsetClock) -> None:
    round_id = _start(client, _plan())["id"]
    clock.at(120)
    moved = client.post(f"/api/rounds/{round_id}/advance", json={"leaving": 0})
    body = moved.json()
    assert moved.status_code == 200 and body["current_stage"] == 1
    assert [s["status"] for s in body["stages"]] == ["over", "current"]
    assert body["stages"][1]["started_at"] == (T0 + timedelta(seconds=120)).isoformat()
    assert (body["remaining_s"], body["time_limit_s"]) == (600, 900)
    assert body["deadline_at"] == (T0 + timedelta(seconds=720)).isoformat()
    again = client.post(f"/api/rounds/{round_id}/advance", json={"leaving": 0})  # a double click
    assert (again.status_code, again.json()["code"]) == (409, "stage_already_over")
    assert client.get(f"/api/rounds/{round_id}").json()["current_stage"] == 1


def test_leaving_the_last_stage_finishes_the_round(client: TestClient, clock: OffsetClock) -> None:
    round_id = _start(client, _plan())["id"]
    clock.at(400)  # the first stage's deadline passed
    ahead = client.post(f"/api/rounds/{round_id}/advance", json={"leaving": 2})
    assert ahead.status_code == 422
    done = client.post(f"/api/rounds/{round_id}/advance", json={"leaving": 1}).json()
    assert done["over"] is True and done["finished_at"] == (T0 + timedelta(seconds=400)).isoformat()
    assert done["current_stage"] is None
    over = client.post(f"/api/rounds/{round_id}/advance", json={"leaving": 1})
    assert (over.status_code, over.json()["code"]) == (409, "round_expired")


def test_the_summary_of_one_stage_repeats_the_rounds_numbers(
    client: TestClient, clock: OffsetClock
) -> None:
    round_id = _start(client, {"question_ids": [PAY_CUTS], "time_limit_s": 600})["id"]
    clock.at(30)
    client.post(
        "/api/sql/submit", json={"question_id": PAY_CUTS, "sql": "SELECT 1", "round_id": round_id}
    )
    summary = client.get(f"/api/rounds/{round_id}/summary").json()
    (stage,) = summary["stages"]
    assert stage["name"] == "Questions" and stage["questions"] == summary["questions"]
    assert summary["questions"][0]["attempts"] == 1


def test_the_round_page_shows_the_stage_bar_only_for_several_stages(
    client: TestClient, clock: OffsetClock
) -> None:
    page = {"accept": "text/html"}
    staged = _start(client, _plan())["id"]
    single = _start(client, {"question_ids": [PAY_CUTS], "time_limit_s": 600})["id"]
    clock.at(60)
    bar = client.get(f"/rounds/{staged}/questions/{PAY_CUTS}", headers=page).text
    assert 'class="stage-bar"' in bar and 'id="next-stage" data-leaving="0"' in bar
    assert "Warm-up" in bar and "4:00 left" in bar
    plain = client.get(f"/rounds/{single}/questions/{PAY_CUTS}", headers=page).text
    assert 'class="stage-bar"' not in plain
    summary = client.get(f"/rounds/{staged}/summary", headers=page).text
    assert 'id="per-stage"' in summary and 'data-stage="1"' in summary
    assert 'id="per-stage"' not in client.get(f"/rounds/{single}/summary", headers=page).text


def test_a_round_by_recipe_draws_questions_of_one_kind(client: TestClient) -> None:
    """The bank holds SQL questions and design prompts; a count-based round is SQL unless it
    asks for another kind."""
    sql = client.post("/api/rounds", json={"count": 20, "time_limit_s": 2700}).json()
    design = client.post(
        "/api/rounds", json={"count": 2, "time_limit_s": 2700, "kind": "design"}
    ).json()
    sql_ids = set(sql_questions())
    drawn = {q["question_id"] for q in sql["questions"]}
    assert len(drawn) == min(20, len(sql_ids)) and drawn <= sql_ids
    chosen = {q["question_id"] for q in design["questions"]}
    assert len(chosen) == 2 and not chosen & sql_ids
