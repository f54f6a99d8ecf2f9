"""The system-design pages, rendered in process: the home page offers walkthroughs, a prompt's
page shows its stages and budgets before the round and never a reference, and inside a round
the walkthrough page carries the round for its script."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.settings import Settings
from tests.web.design_walk import design_prompt, design_settings, walkthrough_round

PROMPT = design_prompt()


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return design_settings(tmp_path_factory)


PAGE = {"accept": "text/html"}


def _page(client: TestClient, path: str) -> str:
    response = client.get(path, headers=PAGE)
    assert response.status_code == 200, response.text[:500]
    return response.text


def _page_data(text: str) -> dict[str, Any]:
    found = re.search(r'<script type="application/json" id="page-data">(.*?)</script>', text, re.S)
    assert found, "the walkthrough page carries its data for the script"
    data: dict[str, Any] = json.loads(found.group(1))
    return data


def test_home_offers_each_prompt_and_the_three_lengths(client: TestClient) -> None:
    text = _page(client, "/")
    assert "Rehearse a system-design walkthrough" in text
    assert f'data-question="{PROMPT.id}"' in text
    for minutes in ("35", "45", "60"):
        assert f'name="design-preset" value="{minutes}"' in text


def test_before_the_round_the_stages_and_budgets_but_no_reference(client: TestClient) -> None:
    text = _page(client, f"/questions/{PROMPT.id}")
    assert 'id="start-walkthrough"' in text
    assert [m for m in re.findall(r'class="stage-budget muted">([^<]+)<', text)] == [
        "7 min",
        "6 min",
        "7 min",
        "12 min",
        "8 min",
        "5 min",
    ]
    data = _page_data(text)
    assert data["round"] is None and data["default_preset"] == "45"
    assert data["presets"]["35"] == [300, 300, 300, 600, 360, 240]
    for stage in PROMPT.stages:
        assert stage.reference not in text and stage.senior_adds not in text


def test_in_the_round_the_walkthrough_page_carries_the_round(client: TestClient) -> None:
    round_ = client.post("/api/rounds", json=walkthrough_round(PROMPT)).json()
    text = _page(client, f"/rounds/{round_['id']}/questions/{PROMPT.id}")
    assert 'id="stepper"' in text and 'id="answer-editor"' in text
    assert "dist/design.js" in text
    data = _page_data(text)
    assert data["round"]["id"] == round_["id"]
    assert [s["section"] for s in data["stages"]] == [s.name for s in PROMPT.stages]
    assert PROMPT.stages[0].reference not in text
