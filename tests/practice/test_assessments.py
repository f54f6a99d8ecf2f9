"""Self-assessment over HTTP, with the toy kind whose parts have criteria: verdicts saved per
section and replaced, read back in section order, per round; criteria the kind does not give
a section, and kinds without criteria, refused with the ids named."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.clock_override import OffsetClock

TEA, GREETING = "walk-tea", "echo-greeting"


def _put(
    client: TestClient, section: str, verdicts: dict[str, str], question: str = TEA, **extra: Any
) -> Any:
    body = {"verdicts": verdicts, **extra}
    return client.put(f"/api/questions/{question}/assessments/{section}", json=body)


def _assessments(client: TestClient, **params: str) -> list[dict[str, Any]]:
    response = client.get(f"/api/questions/{TEA}/assessments", params=params)
    assert response.status_code == 200, response.text
    found: list[dict[str, Any]] = response.json()["assessments"]
    return found


def test_verdicts_are_saved_per_section_replaced_and_read_in_order(
    walk_client: TestClient, walk_clock: OffsetClock
) -> None:
    walk_clock.at(60)
    saved = _put(walk_client, "steep", {"time-stated": "partial"})
    assert saved.json() == {
        "section": "steep",
        "round_id": None,
        "verdicts": {"time-stated": "partial"},
        "saved_at": walk_clock.now().isoformat(),
    }
    _put(walk_client, "kettle", {"fresh-water": "met", "temperature": "missing"})
    _put(walk_client, "steep", {"time-stated": "met"})
    assert [(a["section"], a["verdicts"]) for a in _assessments(walk_client)] == [
        ("kettle", {"fresh-water": "met", "temperature": "missing"}),
        ("steep", {"time-stated": "met"}),
    ]


def test_assessments_in_a_round_are_its_own(
    walk_client: TestClient, walk_clock: OffsetClock
) -> None:
    started = walk_client.post("/api/rounds", json={"question_ids": [TEA], "time_limit_s": 600})
    round_id = started.json()["id"]
    saved = _put(walk_client, "kettle", {"temperature": "met"}, round_id=round_id)
    assert saved.json()["round_id"] == round_id
    (in_round,) = _assessments(walk_client, round_id=round_id)
    assert in_round["verdicts"] == {"temperature": "met"}
    other = _put(walk_client, "kettle", {"temperature": "met"}, round_id="no-such-round")
    assert other.status_code == 404


def test_criteria_the_section_does_not_have_are_named(
    walk_client: TestClient, walk_clock: OffsetClock
) -> None:
    refused = _put(walk_client, "kettle", {"fresh-water": "met", "time-stated": "met"})
    problem = refused.json()
    assert (refused.status_code, problem["code"], problem["unknown"]) == (
        422,
        "unknown_criteria",
        ["time-stated"],
    )
    assert "'time-stated'" in problem["detail"] and "fresh-water, temperature" in problem["detail"]
    empty = _put(walk_client, "serve", {"anything": "met"})  # a section with no criteria
    assert (empty.status_code, empty.json()["unknown"]) == (422, ["anything"])


def test_a_kind_without_criteria_cannot_be_assessed(
    walk_client: TestClient, walk_clock: OffsetClock
) -> None:
    for verdicts in ({"echo-word": "met"}, {}):
        refused = _put(walk_client, "main", verdicts, question=GREETING)
        assert (refused.status_code, refused.json()["code"]) == (422, "unknown_criteria")
        assert "no criteria" in refused.json()["detail"]


def test_verdicts_and_sections_are_checked(
    walk_client: TestClient, walk_clock: OffsetClock
) -> None:
    wrong = _put(walk_client, "kettle", {"fresh-water": "done"})
    assert (wrong.status_code, wrong.json()["code"]) == (422, "validation_error")
    unknown = _put(walk_client, "pour", {"fresh-water": "met"})
    assert (unknown.status_code, unknown.json()["code"]) == (422, "unknown_section")
