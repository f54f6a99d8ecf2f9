"""A walkthrough-like round over HTTP with the toy kind answered in sections: one question in
every stage, each stage one section of it, at a soft pace (over budget is marked, not
blocked; advance moves on; the hard end ends it), answers placed by their section. The
server's clock is set by the test, never waited for."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient

from app.store import Store, attempts_for_round
from tests.clock_override import OffsetClock
from tests.practice.conftest import T0

TEA = "walk-tea"
NEVER = "shop-customers-who-never-ordered"
PARTS = [("kettle", 300), ("steep", 600), ("serve", 120)]  # a hard end at 2 x 1020 s


def _start(client: TestClient, pace: str = "soft") -> dict[str, Any]:
    stages = [
        {"name": part.title(), "question_ids": [TEA], "time_limit_s": budget, "section": part}
        for part, budget in PARTS
    ]
    response = client.post("/api/rounds", json={"pace": pace, "stages": stages})
    assert response.status_code == 201, response.text
    started: dict[str, Any] = response.json()
    return started


def _answer(client: TestClient, round_id: str, part: str, text: str) -> Any:
    body = {"answer": {"part": part, "text": text}, "round_id": round_id}
    return client.post(f"/api/questions/{TEA}/answers", json=body)


def _placed(client: TestClient, round_id: str, part: str, text: str) -> bool:
    """Answer and say whether it was late."""
    response = _answer(client, round_id, part, text)
    assert response.status_code == 200, response.text
    late: bool = response.json()["late"]
    return late


def _read(client: TestClient, round_id: str) -> dict[str, Any]:
    body: dict[str, Any] = client.get(f"/api/rounds/{round_id}").json()
    return body


def _iso(seconds: float) -> str:
    return (T0 + timedelta(seconds=seconds)).isoformat()


def _store(client: TestClient) -> Store:
    store: Store = client.app.state.store  # type: ignore[attr-defined]
    return store


def test_a_soft_round_goes_over_budget_advances_and_ends_hard(
    walk_client: TestClient, walk_clock: OffsetClock
) -> None:
    started = _start(walk_client)
    round_id = started["id"]
    assert (started["pace"], started["deadline_at"]) == ("soft", _iso(2040))
    assert [s["section"] for s in started["stages"]] == ["kettle", "steep", "serve"]
    walk_clock.at(100)
    assert _placed(walk_client, round_id, "kettle", "boil the water") is False
    early = _answer(walk_client, round_id, "steep", "three minutes")
    assert (early.status_code, early.json()["code"]) == (409, "stage_not_started")
    _over_budget_is_marked_not_blocked(walk_client, walk_clock, round_id)
    _advancing_moves_on(walk_client, walk_clock, round_id)
    _the_hard_end_ends_it(walk_client, walk_clock, round_id)


def _over_budget_is_marked_not_blocked(
    client: TestClient, clock: OffsetClock, round_id: str
) -> None:
    clock.at(400)
    kettle, steep, _ = _read(client, round_id)["stages"]
    assert (kettle["status"], kettle["remaining_s"], kettle["over_budget_s"]) == ("current", 0, 100)
    assert (steep["status"], steep["started_at"]) == ("upcoming", _iso(400))
    assert _placed(client, round_id, "kettle", "boil fresh water") is False


def _advancing_moves_on(client: TestClient, clock: OffsetClock, round_id: str) -> None:
    clock.at(450)
    advanced = client.post(f"/api/rounds/{round_id}/advance", json={"leaving": 0}).json()
    kettle, steep, _ = advanced["stages"]
    assert advanced["current_stage"] == 1
    assert (kettle["status"], kettle["over_budget_s"]) == ("over", 150)
    assert (steep["started_at"], steep["deadline_at"]) == (_iso(450), _iso(1050))
    assert advanced["deadline_at"] == _iso(2040)  # an advance keeps the hard end
    clock.at(500)
    assert _placed(client, round_id, "kettle", "boil it again") is True
    assert _placed(client, round_id, "steep", "four minutes") is False


def _the_hard_end_ends_it(client: TestClient, clock: OffsetClock, round_id: str) -> None:
    clock.at(1500)
    steep = _read(client, round_id)["stages"][1]
    assert (steep["status"], steep["over_budget_s"]) == ("current", 450)
    clock.at(2100)
    ended = _read(client, round_id)
    assert (ended["over"], ended["current_stage"], ended["remaining_s"]) == (True, None, 0)
    assert [s["over_budget_s"] for s in ended["stages"]] == [150, 990, 0]
    assert _placed(client, round_id, "steep", "five minutes, late") is True
    serve = _answer(client, round_id, "serve", "a cup")  # its stage never ran: late to it
    assert serve.json()["late"] is True
    summary = client.get(f"/api/rounds/{round_id}/summary").json()
    assert [s["over_budget_s"] for s in summary["stages"]] == [150, 990, 0]
    assert [q["status"] for s in summary["stages"] for q in s["questions"]] == [
        "correct",
        "correct",
        "attempted",  # late work only
    ]
    with _store(client).session() as session:
        attempts = attempts_for_round(session, round_id=round_id)
    assert [(a.answer["part"], a.stage, a.late) for a in attempts] == [
        ("kettle", 0, False),
        ("kettle", 0, False),
        ("kettle", 0, True),
        ("steep", 1, False),
        ("steep", 1, True),
        ("serve", 2, True),
    ]


def test_a_strict_round_of_sections_ends_each_stage_at_its_budget(
    walk_client: TestClient, walk_clock: OffsetClock
) -> None:
    round_id = _start(walk_client, pace="strict")["id"]
    walk_clock.at(350)  # kettle's budget is over: steep runs
    read = _read(walk_client, round_id)
    assert (read["pace"], read["current_stage"], read["stages"][0]["over_budget_s"]) == (
        "strict",
        1,
        0,
    )
    assert _placed(walk_client, round_id, "kettle", "boil") is True
    assert _placed(walk_client, round_id, "steep", "minutes") is False


def test_an_answer_for_a_section_no_stage_holds_is_not_in_the_round(
    walk_client: TestClient, walk_clock: OffsetClock
) -> None:
    stages = [{"name": "Kettle", "question_ids": [TEA], "time_limit_s": 300, "section": "kettle"}]
    round_id = walk_client.post("/api/rounds", json={"stages": stages}).json()["id"]
    refused = _answer(walk_client, round_id, "serve", "a cup")
    assert (refused.status_code, refused.json()["code"]) == (422, "not_in_round")
    assert "serve" in refused.json()["detail"]


def test_a_stage_section_must_be_one_of_its_questions_sections(
    walk_client: TestClient, walk_clock: OffsetClock
) -> None:
    stage = {"name": "Pour", "question_ids": [TEA], "time_limit_s": 300, "section": "pour"}
    refused = walk_client.post("/api/rounds", json={"stages": [stage]})
    assert (refused.status_code, refused.json()["code"]) == (422, "validation_error")
    assert (
        "'pour'" in refused.json()["detail"] and "kettle, steep, serve" in refused.json()["detail"]
    )
    # a kind without sections answers as if its stage had none
    sql = {"name": "SQL", "question_ids": [NEVER], "time_limit_s": 300, "section": "anything"}
    assert walk_client.post("/api/rounds", json={"stages": [sql]}).status_code == 201


def test_an_unknown_pace_is_refused(walk_client: TestClient, walk_clock: OffsetClock) -> None:
    body = {"pace": "relaxed", "question_ids": [TEA], "time_limit_s": 300}
    refused = walk_client.post("/api/rounds", json=body)
    assert (refused.status_code, refused.json()["code"]) == (422, "validation_error")
