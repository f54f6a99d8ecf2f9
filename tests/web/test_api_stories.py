"""The story bank over HTTP: create, list, read, edit on top of a version (409 from a second
tab), delete; competencies checked; coverage; suggestions for a prompt; answering a prompt
from a story records its id and grades it against the prompt."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from app.clock import ManualClock

OUTAGE = "behavioral-outage-you-owned"
STORY = {
    "title": "The checkout lock",
    "situation": "At my last job our checkout service went down for 38 minutes.",
    "task": "The migration was my change, so leading the fix was my job.",
    "action": "I rolled back the migration and added a check to the shared pipeline.",
    "result": "Checkout was back 12 minutes after the page.",
    "reflection": "I learned to ask why the system allowed the mistake.",
    "competencies": ["ownership"],
}


def _create(client: TestClient, **changes: Any) -> dict[str, Any]:
    response = client.post("/api/stories", json={**STORY, **changes})
    assert response.status_code == 201, response.text
    assert response.headers["location"] == f"/api/stories/{response.json()['id']}"
    story: dict[str, Any] = response.json()
    return story


def test_a_story_is_saved_read_edited_and_deleted(client: TestClient, clock: ManualClock) -> None:
    story = _create(client)
    assert story["version"] == 1 and story["competencies"] == ["ownership"]
    assert client.get(f"/api/stories/{story['id']}").json() == story
    clock.advance(5)
    edit = {**STORY, "title": "Retold", "base_version": 1}
    edited = client.put(f"/api/stories/{story['id']}", json=edit).json()
    assert (edited["title"], edited["version"]) == ("Retold", 2)
    assert edited["updated_at"] > edited["created_at"] == story["created_at"]
    assert client.put(f"/api/stories/{story['id']}", json=edit).json()["version"] == 2  # a retry
    listed = [s["id"] for s in client.get("/api/stories").json()["stories"]]
    assert story["id"] in listed
    assert client.delete(f"/api/stories/{story['id']}").status_code == 204
    gone = client.get(f"/api/stories/{story['id']}")
    assert gone.status_code == 404 and gone.headers["content-type"] == "application/problem+json"


def test_an_edit_from_a_stale_tab_is_a_conflict_carrying_the_stored_story(
    client: TestClient,
) -> None:
    story = _create(client)
    path = f"/api/stories/{story['id']}"
    assert (
        client.put(path, json={**STORY, "title": "Tab one", "base_version": 1}).status_code == 200
    )
    stale = client.put(path, json={**STORY, "title": "Tab two", "base_version": 1})
    assert stale.status_code == 409 and stale.json()["code"] == "story_conflict"
    assert stale.json()["current"]["title"] == "Tab one"
    kept = client.put(path, json={**STORY, "title": "Tab two", "base_version": 2})
    assert kept.json()["version"] == 3
    client.delete(path)


def test_unknown_competencies_and_empty_titles_are_refused(client: TestClient) -> None:
    unknown = client.post("/api/stories", json={**STORY, "competencies": ["juggling"]})
    assert unknown.status_code == 422 and unknown.json()["unknown"] == ["juggling"]
    assert client.post("/api/stories", json={**STORY, "title": "  "}).status_code == 422


def test_coverage_says_which_competencies_have_no_story(client: TestClient) -> None:
    story = _create(client, competencies=["migration", "ownership"])
    found = client.get("/api/stories/coverage").json()
    covered = {row["id"]: row["stories"] for row in found["covered"]}
    assert story["id"] in covered["migration"] and story["id"] in covered["ownership"]
    assert "mentoring" in {row["id"] for row in found["uncovered"]}
    client.delete(f"/api/stories/{story['id']}")


def test_suggestions_put_the_prompts_competency_first_then_shared_words(
    client: TestClient,
) -> None:
    tagged = _create(client, title="Tagged", competencies=["ownership"])
    words = _create(client, title="Words", competencies=["migration"])
    unrelated = _create(
        client,
        title="Unrelated",
        situation="A new hire joined.",
        task="Help her.",
        action="I paired with her.",
        result="She shipped.",
        reflection="Patience.",
        competencies=["mentoring"],
    )
    found = client.get(f"/api/questions/{OUTAGE}/stories").json()
    mine = {tagged["id"], words["id"], unrelated["id"]}
    order = [s["story"]["title"] for s in found["stories"] if s["story"]["id"] in mine]
    assert found["competency"] == "ownership" and order == ["Tagged", "Words"]
    terms = next(s["terms"] for s in found["stories"] if s["story"]["id"] == words["id"])
    assert "my change" in terms
    not_behavioral = client.get("/api/questions/customers-by-name/stories")
    assert not_behavioral.status_code in (404, 422)
    for story in (tagged, words, unrelated):
        client.delete(f"/api/stories/{story['id']}")


def test_answering_from_a_story_records_it_and_grades_the_prompt(client: TestClient) -> None:
    story = _create(client)
    fields = {k: story[k] for k in ("situation", "task", "action", "result", "reflection")}
    body = {"answer": {**fields, "story_id": story["id"]}}
    response = client.post(f"/api/questions/{OUTAGE}/answers", json=body)
    assert response.status_code == 200, response.text
    answered = response.json()
    assert answered["kind"] == "behavioral" and answered["status"] == "graded"
    assert answered["details"]["words"] > 0 and "feedback" in answered["details"]
    assert "length-fit" in answered["missed"]
    client.delete(f"/api/stories/{story['id']}")
