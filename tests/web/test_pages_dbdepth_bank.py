"""Every explain, index and isolation question of the bank opens on its kind's page, with its
plan or timeline for the script and its asks, and without an answer in what the page carries."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.bank.loader import load_bank
from app.bank.models import Question
from app.kinds.defaults import default_kinds
from app.settings import Settings

PAGES = {"explain": "explain", "index": "index", "isolation": "isolation"}
BANK = load_bank(Settings().bank_dir, default_kinds().question_models())
QUESTIONS = sorted(
    (q for q in BANK.questions.values() if q.kind in PAGES), key=lambda q: (q.kind, q.id)
)


def _page_data(text: str) -> dict[str, Any]:
    found = re.search(r'<script type="application/json" id="page-data">(.*?)</script>', text, re.S)
    assert found
    data: dict[str, Any] = json.loads(found.group(1))
    return data


def test_the_bank_holds_questions_of_each_kind() -> None:
    assert {q.kind for q in QUESTIONS} == set(PAGES)


@pytest.mark.parametrize("question", QUESTIONS, ids=lambda q: q.id)
def test_each_question_opens_on_its_page(client: TestClient, question: Question) -> None:
    response = client.get(f"/questions/{question.id}", headers={"accept": "text/html"})
    assert response.status_code == 200, response.text[:300]
    assert f'data-page="{PAGES[question.kind]}"' in response.text
    view = _page_data(response.text)["view"]
    if question.kind == "isolation":
        assert len(re.findall(r'<tr class="step', response.text)) == len(view["steps"])
    else:
        assert view["plan"]["root"]["id"] == "0"
    for ask in view.get("asks", []):
        assert f'data-ask="{ask["id"]}"' in response.text
        assert set(ask) <= {"id", "prompt", "answer", "options", "unit", "step"}
