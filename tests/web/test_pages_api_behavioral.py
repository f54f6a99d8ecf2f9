"""The API-design and behavioral pages and the story bank page rendered in process: each
prompt opens on its kind's page with what its public view shows (never the reference), the
story bank lists stories and the competencies without one, and home offers both rounds."""

from __future__ import annotations

import html
import json
import re
import tomllib
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from markupsafe import escape

from app.main import create_app
from app.settings import Settings

API_ID = "api-payments-idempotency"
BEHAVIORAL_ID = "behavioral-outage-you-owned"
BANK = Path(__file__).parents[2] / "question_bank"
PAGE = {"accept": "text/html"}


def _page(client: TestClient, path: str) -> str:
    response = client.get(path, headers=PAGE)
    assert response.status_code == 200, response.text[:500]
    return response.text


def _page_data(text: str) -> dict[str, Any]:
    found = re.search(r'<script type="application/json" id="page-data">(.*?)</script>', text, re.S)
    assert found, "the page carries its data for the script"
    data: dict[str, Any] = json.loads(found.group(1))
    return data


def _prompt(kind: str, question_id: str) -> dict[str, Any]:
    return tomllib.loads((BANK / kind / f"{question_id}.toml").read_text())


def test_an_api_prompt_opens_on_its_page_with_the_actions_and_no_reference(
    client: TestClient,
) -> None:
    text = _page(client, f"/questions/{API_ID}")
    assert 'data-page="api"' in text and "dist/apidesign.js" in text
    prompt = _prompt("api", API_ID)
    for action in prompt["actions"]:
        assert str(escape(action["says"])) in text
        for call in action["calls"]:
            assert f"<code>{escape(call)}</code>" in text
    assert 'id="format-table"' in text and 'id="table-syntax"' in text
    assert 'id="rationale"' in text and 'id="answer-button"' in text
    data = _page_data(text)
    assert data["question_id"] == API_ID and data["solution_open"] is True
    assert [a["id"] for a in data["view"]["actions"]] == [a["id"] for a in prompt["actions"]]
    reference = prompt["reference"]["document"].splitlines()
    assert not any(line in text for line in reference if "operationId" in line)


def test_the_table_syntax_the_page_shows_is_a_table_the_grader_reads(client: TestClient) -> None:
    text = _page(client, f"/questions/{API_ID}")
    found = re.search(r'id="table-syntax".*?<pre class="code"><code>(.*?)</code></pre>', text, re.S)
    assert found
    table = html.unescape(found.group(1))
    answer = {"format": "table", "document": table}
    response = client.post(f"/api/questions/{API_ID}/answers", json={"answer": answer})
    assert response.status_code == 200
    assert response.json()["status"] == "graded", response.json()["details"]["validation"]


def test_a_behavioral_prompt_opens_on_its_page_with_the_star_fields(client: TestClient) -> None:
    text = _page(client, f"/questions/{BEHAVIORAL_ID}")
    assert 'data-page="behavioral"' in text and "dist/stories.js" in text
    for part in ("situation", "task", "action", "result", "reflection"):
        assert f'id="field-{part}"' in text
    assert 'id="field-text"' in text and 'id="suggest-button"' in text
    assert "250-500 words fit" in text
    assert 'value="ownership" checked' in text  # the prompt's competency, to tag a saved story
    prompt = _prompt("behavioral", BEHAVIORAL_ID)
    assert prompt["reference"]["situation"] not in text
    assert prompt["listens_for"].split("\n")[0] not in text
    data = _page_data(text)
    assert data["view"]["speaking"] == {"words_per_minute": 150, "fit_words": [250, 500]}
    assert "ownership" in [c["id"] for c in data["competencies"]]


def test_the_story_bank_lists_stories_and_the_competencies_without_one(
    client: TestClient,
) -> None:
    empty = _page(client, "/stories")
    assert 'data-page="stories"' in empty and "No story yet" in empty
    assert f'href="/questions/{BEHAVIORAL_ID}"' in empty
    story = {"title": "The lock that took checkout down", "action": "I rolled back."}
    created = client.post("/api/stories", json={**story, "competencies": ["ownership"]})
    assert created.status_code == 201
    text = _page(client, "/stories")
    assert "The lock that took checkout down" in text
    ownership = re.search(r'<li class="competency (\w+)" data-competency="ownership"', text)
    migration = re.search(r'<li class="competency (\w+)" data-competency="migration"', text)
    assert ownership and ownership.group(1) == "covered"
    assert migration and migration.group(1) == "uncovered"
    assert [s["title"] for s in _page_data(text)["stories"]] == [story["title"]]
    client.delete(created.headers["location"])


def test_home_offers_both_rounds_and_the_story_bank(client: TestClient) -> None:
    text = _page(client, "/")
    section = text[text.index('id="beyond-title"') :]
    assert 'data-kind="api"' in section and 'data-kind="behavioral"' in section
    assert 'href="/questions/api-' in section and 'href="/stories"' in section


def test_in_a_running_round_the_pages_keep_the_reference_for_the_end(client: TestClient) -> None:
    started = client.post(
        "/api/rounds", json={"question_ids": [API_ID, BEHAVIORAL_ID], "time_limit_s": 600}
    )
    assert started.status_code == 201, started.text
    round_id = started.json()["id"]
    for question_id in (API_ID, BEHAVIORAL_ID):
        text = _page(client, f"/rounds/{round_id}/questions/{question_id}")
        assert 'id="clock-time"' in text and 'id="finish-round"' in text  # the round bar
        data = _page_data(text)
        assert data["solution_open"] is False and data["round"]["id"] == round_id
        assert 'id="give-up"' not in text and "open when the round ends" in text
    client.post(f"/api/rounds/{round_id}/finish")


def test_a_kinds_page_says_whether_a_model_gives_feedback(
    client: TestClient, settings: Settings
) -> None:
    """Off without an endpoint and a model; on with both (no request goes to the endpoint to
    render a page)."""
    assert 'data-model-feedback="off"' in _page(client, f"/questions/{BEHAVIORAL_ID}")
    model = {"llm_base_url": "http://127.0.0.1:9/v1", "llm_model": "any-model"}
    with TestClient(create_app(settings.model_copy(update=model))) as on:
        for question_id in (BEHAVIORAL_ID, API_ID):
            assert 'data-model-feedback="on"' in _page(on, f"/questions/{question_id}")
