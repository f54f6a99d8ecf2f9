"""The database-depth pages rendered in process: each kind's question opens on its own page
with what its public view shows (never an answer), and the data the page script starts from."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from fastapi.testclient import TestClient
from markupsafe import escape

from app.settings import Settings
from tests.web.dbdepth_bank import (
    EXPLAIN_ID,
    INDEX_ID,
    ISOLATION_ID,
    LIVE_EXPLAIN_ID,
    LOOP_EXPLAIN_ID,
    dbdepth_settings,
    isolation_question,
    options,
)

PAGE = {"accept": "text/html"}


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return dbdepth_settings(tmp_path_factory)


def _page(client: TestClient, path: str) -> str:
    response = client.get(path, headers=PAGE)
    assert response.status_code == 200, response.text[:500]
    return response.text


def _page_data(text: str) -> dict[str, Any]:
    found = re.search(r'<script type="application/json" id="page-data">(.*?)</script>', text, re.S)
    assert found, "the page carries its data for the script"
    data: dict[str, Any] = json.loads(found.group(1))
    return data


def test_isolation_opens_on_its_timeline(client: TestClient) -> None:
    text = _page(client, f"/questions/{ISOLATION_ID}")
    assert 'data-page="isolation"' in text
    assert "dist/plan.js" in text and "plan.css" in text
    heads = re.findall(
        r'<th scope="col" data-session="(\w)">Session \w<span class="level">([^<]+)<', text
    )
    assert heads == [("A", "READ COMMITTED"), ("B", "REPEATABLE READ")]
    rows = re.findall(r'<tr class="step([^"]*)" data-step="(\d+)">', text)
    assert [int(number) for _, number in rows] == list(range(1, 9))
    transactions = [int(number) for classes, number in rows if "txn" in classes]
    assert transactions == [1, 2, 6, 7]  # BEGIN and COMMIT steps stand out


def test_each_step_sits_in_its_sessions_column(client: TestClient) -> None:
    text = _page(client, f"/questions/{ISOLATION_ID}")
    step_five = text.split('data-step="5">', 1)[1].split("</tr>", 1)[0]
    cells = re.findall(r'<td class="session( empty)?"', step_five)
    assert cells == [" empty", ""]  # A waits, B runs the update
    assert "UPDATE stock SET qty = qty - 2" in step_five


def test_the_asks_are_attached_to_their_steps_without_their_answers(client: TestClient) -> None:
    text = _page(client, f"/questions/{ISOLATION_ID}")
    ask_rows = re.findall(r'<tr class="ask-row" data-step="(\d+)">(.*?)</tr>', text, re.S)
    assert [(step, re.findall(r'data-ask="([\w-]+)"', body)) for step, body in ask_rows] == [
        ("5", ["b-update"]),
        ("7", ["b-commit"]),
        ("8", ["left"]),
    ]
    right, wrong = options(isolation_question(), "b-update")
    for option in [right, *wrong]:
        assert f'value="{escape(option)}"' in text
    assert "could not serialize access" not in text  # the recorded outcome waits
    assert "B&#39;s update waits for A&#39;s lock" not in text  # so does the explanation
    data = _page_data(text)
    assert data["kind"] == "isolation" and data["solution_open"] is True
    assert "reference" not in json.dumps(data)


def test_index_shows_the_query_its_plan_and_the_statistics(client: TestClient) -> None:
    text = _page(client, f"/questions/{INDEX_ID}")
    assert 'data-page="index"' in text and 'id="index-editor"' in text
    assert "WHERE session_id = 100046" in text
    assert "PostgreSQL 15.18" in text  # where the plan was measured
    assert re.search(r"<td>session_id</td>\s*<td>86,356</td>", text)  # the question's table
    stats = text.split('id="pg-stats"', 1)[1].split("</table>", 1)[0]
    assert "<code>session_id</code>" in stats and "1.00" in stats  # pg_stats as captured
    data = _page_data(text)
    assert data["view"]["plan"]["root"]["operator"] == "Sort"


def test_index_never_shows_the_reference_before_answering(client: TestClient) -> None:
    text = _page(client, f"/questions/{INDEX_ID}")
    assert "CREATE INDEX ON events (session_id)" not in text
    assert "Index Scan" not in text  # the plan with the reference index waits
    assert "times faster" not in text


def test_explain_shows_the_query_the_plan_data_and_the_asks(client: TestClient) -> None:
    text = _page(client, f"/questions/{EXPLAIN_ID}")
    assert 'data-page="explain"' in text and 'id="plan"' in text
    assert "WHERE o.status = &#39;paid&#39;" in text
    assert "PostgreSQL 15.18 · recorded 2026-" in text
    assert "max_parallel_workers_per_gather = 0" in text
    asks = re.findall(r'<li class="ask" data-ask="([\w-]+)" data-answer="(\w+)"', text)
    assert asks == [("hot", "operator"), ("rows", "number"), ("build", "choice")]
    assert 'name="ask-build" value="customers"' in text
    plan = _page_data(text)["view"]["plan"]
    assert plan["engine"] == "postgres" and plan["root"]["children"][0]["operator"] == "Hash Join"


def test_explain_never_shows_an_answer_before_one_is_given(client: TestClient) -> None:
    text = _page(client, f"/questions/{EXPLAIN_ID}")
    data = json.dumps(_page_data(text))
    assert "expected" not in data and "hot_node" not in data and "probe" not in data
    assert "takes about 11.6 ms" not in text  # an ask's explanation waits


def test_an_asks_own_rule_is_shown_beside_it(client: TestClient) -> None:
    text = _page(client, f"/questions/{LIVE_EXPLAIN_ID}")
    factor = text.split('data-ask="factor"', 1)[1].split("</li>", 1)[0]
    note = re.search(r'<p class="ask-note muted small">([^<]+)</p>', factor)
    assert note and "decimal" in note.group(1)  # how the factor is rounded
    rules = text.split('class="rules"', 1)[1].split("</details>", 1)[0]
    assert "factor:" not in rules  # said once, beside its ask
    assert _page_data(text)["view"]["plan"]["engine"] == "duckdb"


def test_the_home_page_offers_the_database_depth_drills(client: TestClient) -> None:
    text = _page(client, "/")
    depth = text.split('aria-labelledby="depth-title"', 1)[1].split("</section>", 1)[0]
    kinds = re.findall(r'<li class="depth-kind" data-kind="(\w+)">', depth)
    assert kinds == ["explain", "index", "isolation"]
    assert f'href="/questions/{INDEX_ID}"' in depth  # the one index question, to start with
    assert 'href="/questions?kind=isolation"' in depth


def test_the_question_browser_filters_by_kind(client: TestClient) -> None:
    text = _page(client, "/questions?kind=explain")
    listed = re.findall(r'<a class="q-title" href="/questions/([\w-]+)">', text)
    assert sorted(listed) == sorted([EXPLAIN_ID, LIVE_EXPLAIN_ID, LOOP_EXPLAIN_ID])
    group = text.split('<optgroup label="Database depth">', 1)[1].split("</optgroup>", 1)[0]
    assert re.findall(r'<option value="(\w+)"', group) == ["explain", "index", "isolation"]
    assert '<option value="explain" selected>Query plans</option>' in group
    assert "Query plans · " in text  # each question says its kind
