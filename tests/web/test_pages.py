"""The browser pages, rendered in process: what each shows, what it must never show, and
errors as pages a person can read. (tests/web/browser/ drives them in a real Chromium.)"""

from __future__ import annotations

import html
import json
import re
from typing import Any

from fastapi.testclient import TestClient

from app.web.templating import markdown
from tests.sql_bank import sql_questions

BANK = sql_questions()
PAGE = {"accept": "text/html"}
NEVER = "shop-customers-who-never-ordered"
STREAK = "events-longest-daily-streak"


def _page(client: TestClient, path: str, status: int = 200) -> str:
    response = client.get(path, headers=PAGE)
    assert response.status_code == status, response.text[:500]
    assert response.headers["content-type"].startswith("text/html")
    return response.text


def _page_data(text: str) -> dict[str, Any]:
    found = re.search(r'<script type="application/json" id="page-data">(.*?)</script>', text, re.S)
    assert found, "the drill page carries its data for the script"
    data: dict[str, Any] = json.loads(found.group(1))
    return data


def _round(client: TestClient, questions: list[str], seconds: int = 600) -> dict[str, Any]:
    response = client.post("/api/rounds", json={"question_ids": questions, "time_limit_s": seconds})
    assert response.status_code == 201
    round_: dict[str, Any] = response.json()
    return round_


def test_home_offers_presets_and_a_custom_round(client: TestClient) -> None:
    text = _page(client, "/")
    assert "45-minute SQL round" in text and 'id="round-form"' in text
    for topic in BANK[STREAK].topics:
        assert f'value="{topic}"' in text


def test_home_shows_the_running_round_and_recent_results(client: TestClient) -> None:
    round_ = _round(client, [NEVER])
    text = _page(client, "/")
    assert "Round in progress" in text and f'href="/rounds/{round_["id"]}"' in text
    assert f'href="/rounds/{round_["id"]}/summary"' in text


def test_the_browser_filters_and_marks_solved_questions(client: TestClient) -> None:
    client.post("/api/sql/submit", json={"question_id": NEVER, "sql": BANK[NEVER].solution.sql})
    text = _page(client, "/questions?difficulty=easy")
    assert f'href="/questions/{NEVER}"' in text and f'href="/questions/{STREAK}"' not in text
    item = text[text.index(f'href="/questions/{NEVER}"') - 300 :]
    assert 'class="mark solved"' in item[:300]
    assert "solved before" in _page(client, f"/questions/{NEVER}")
    assert "solved before" not in _page(client, f"/questions/{STREAK}")
    assert "No question matches" in _page(client, "/questions?topic=no-such-topic")


def test_the_drill_page_renders_the_prompt_schema_and_rules(client: TestClient) -> None:
    page = _page(client, f"/questions/{STREAK}")
    assert "<strong>active on a day</strong>" in page and "<table>" in page
    assert '<code class="tname">events</code>' in page and "Sample rows" in page
    assert "Row order matters" in page
    data = _page_data(page)
    assert data["dataset"] == "events" and data["round"] is None
    assert "occurred_at" in data["completion"]["events"]


def test_the_drill_page_never_carries_the_solution(client: TestClient) -> None:
    question = BANK[STREAK]
    page = html.unescape(_page(client, f"/questions/{STREAK}"))
    data = json.dumps(_page_data(_page(client, f"/questions/{STREAK}")))
    for secret in (question.solution.sql.strip(), question.explanation.strip()[:60]):
        assert secret not in page and json.dumps(secret)[1:-1] not in data
    assert question.hints[0][:40] not in page  # hints only once asked for


def test_a_question_in_a_running_round_keeps_its_solution_closed(client: TestClient) -> None:
    question_id = "ledger-reused-idempotency-keys"
    assert 'id="give-up"' in _page(client, f"/questions/{question_id}")
    assert client.post(f"/api/questions/{question_id}/give-up").status_code == 200
    round_ = _round(client, [question_id])
    page = _page(client, f"/questions/{question_id}")
    assert 'id="give-up"' not in page and not _page_data(page)["solution_open"]
    assert f'href="/rounds/{round_["id"]}/questions/{question_id}"' in page
    closed = client.post(f"/api/questions/{question_id}/give-up")
    assert closed.status_code == 409 and closed.json()["code"] == "round_running"
    client.post(f"/api/rounds/{round_['id']}/finish")
    assert client.post(f"/api/questions/{question_id}/give-up").status_code == 200


def test_pages_are_never_cached(client: TestClient) -> None:
    for path in ("/", "/questions", f"/questions/{STREAK}", "/no/such/page"):
        assert client.get(path, headers=PAGE).headers["cache-control"] == "no-store"


def test_revealed_hints_and_the_last_answer_come_back_on_reload(client: TestClient) -> None:
    question_id = "org-pay-cuts"
    client.post(f"/api/questions/{question_id}/hints")
    client.post("/api/sql/submit", json={"question_id": question_id, "sql": "SELECT 42 AS x"})
    text = _page(client, f"/questions/{question_id}")
    assert str(markdown(BANK[question_id].hints[0])) in text
    data = _page_data(text)
    assert data["saved_sql"] == "SELECT 42 AS x"
    assert data["hints_remaining"] == len(BANK[question_id].hints) - 1


def test_a_round_opens_on_its_first_unsolved_question(client: TestClient) -> None:
    round_ = _round(client, ["org-paid-more-than-manager", "org-manager-team-size"])
    first = client.get(f"/rounds/{round_['id']}", headers=PAGE, follow_redirects=False)
    assert first.status_code == 303
    assert first.headers["location"].endswith("/questions/org-paid-more-than-manager")
    solution = BANK["org-paid-more-than-manager"].solution.sql
    body = {"question_id": "org-paid-more-than-manager", "sql": solution, "round_id": round_["id"]}
    assert client.post("/api/sql/submit", json=body).json()["status"] == "correct"
    second = client.get(f"/rounds/{round_['id']}", headers=PAGE, follow_redirects=False)
    assert second.headers["location"].endswith("/questions/org-manager-team-size")


def test_a_round_question_has_the_clock_and_navigator_and_no_solution(client: TestClient) -> None:
    round_ = _round(client, [NEVER, STREAK])
    text = _page(client, f"/rounds/{round_['id']}/questions/{STREAK}")
    assert 'id="round-clock"' in text and text.count('class="nav-q') == 2
    assert 'id="give-up"' not in text and "opens when the round ends" in text
    data = _page_data(text)
    assert data["round"]["id"] == round_["id"] and not data["solution_open"]
    assert 590 < data["round"]["remaining_s"] <= 600


def test_a_finished_round_opens_its_summary_and_solutions(client: TestClient) -> None:
    round_ = _round(client, [NEVER])
    client.post(
        "/api/sql/submit", json={"question_id": NEVER, "sql": "SELECT 1", "round_id": round_["id"]}
    )
    client.post(f"/api/rounds/{round_['id']}/finish")
    opened = client.get(f"/rounds/{round_['id']}", headers=PAGE, follow_redirects=False)
    assert opened.headers["location"] == f"/rounds/{round_['id']}/summary"
    summary = _page(client, f"/rounds/{round_['id']}/summary")
    assert "0</span> of 1 solved" in summary and 'class="tl-dot incorrect"' in summary
    for topic in BANK[NEVER].topics:
        assert topic in summary
    question = _page(client, f"/rounds/{round_['id']}/questions/{NEVER}")
    assert 'id="give-up"' in question and "Submit (late)" in question


def test_errors_are_pages_for_people_and_problems_for_scripts(client: TestClient) -> None:
    text = _page(client, "/questions/no-such-question", status=404)
    assert "There is no question" in text and "Back to home" in text
    assert "not part of this round" in _page(
        client, f"/rounds/{_round(client, [NEVER])['id']}/questions/{STREAK}", status=404
    )
    assert "Not found" in _page(client, "/no/such/page", status=404)
    api = client.get("/api/questions/no-such-question", headers=PAGE)
    assert api.headers["content-type"] == "application/problem+json"


def test_static_files_are_served_with_a_version(client: TestClient) -> None:
    text = _page(client, "/")
    css = re.search(r'href="(/static/drill\.css\?v=[0-9a-f]{12})"', text)
    assert css and client.get(css.group(1)).status_code == 200
    bundle = re.search(r'src="(/static/dist/drill\.js\?v=[0-9a-f]{12})"', text)
    assert bundle, "the page scripts are built (make frontend) and linked"
    script = client.get(bundle.group(1))
    assert script.status_code == 200 and "javascript" in script.headers["content-type"]
    # The editor sits in a chunk the entry imports, maybe through another chunk (code shared
    # with the other pages' entries)
    texts = _imported_chunks(client, script.text)
    assert any("cm-editor" in text for text in texts)


def _imported_chunks(client: TestClient, entry: str) -> list[str]:
    """The text of every chunk an entry imports, directly or through other chunks."""
    seen: dict[str, str] = {}
    waiting = re.findall(r'from"\./chunks/([\w.-]+\.js)"', entry)
    while waiting:
        name = waiting.pop()
        if name not in seen:
            seen[name] = client.get(f"/static/dist/chunks/{name}").text
            waiting += re.findall(r'from"\./([\w.-]+\.js)"', seen[name])
    return list(seen.values())


def test_markdown_escapes_raw_html() -> None:
    rendered = str(markdown("**bold** <script>alert(1)</script> `x < y`"))
    assert "<strong>bold</strong>" in rendered and "<script>" not in rendered
    assert "&lt;script&gt;" in rendered and "<code>x &lt; y</code>" in rendered
