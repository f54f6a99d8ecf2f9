"""Autosaved drafts over HTTP, with the toy kind answered in sections: versions, a conflict
from a second tab and both ways out of it, sections checked, drafts per round and after it
is over, the limits of the body, and drafts surviving a restart on the same SQLite file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.catalog.models import DatasetInfo
from app.practice import drafts
from app.store import NewStage, Store, create_staged_round, ensure_user, find_draft
from tests.clock_override import OffsetClock
from tests.practice.conftest import T0, walk_app, walk_settings

TEA, GREETING, FAREWELL = "walk-tea", "echo-greeting", "echo-farewell"


def _put(
    client: TestClient,
    section: str,
    content: dict[str, str],
    base: int | None,
    question: str = TEA,
    **extra: Any,
) -> Any:
    body = {"content": content, "base_version": base, **extra}
    return client.put(f"/api/questions/{question}/drafts/{section}", json=body)


def _saved(client: TestClient, section: str, content: dict[str, str], base: int | None) -> int:
    response = _put(client, section, content, base)
    assert response.status_code == 200, response.text
    version: int = response.json()["version"]
    return version


def _drafts(client: TestClient, question: str = TEA, **params: str) -> list[dict[str, Any]]:
    response = client.get(f"/api/questions/{question}/drafts", params=params)
    assert response.status_code == 200, response.text
    drafts: list[dict[str, Any]] = response.json()["drafts"]
    return drafts


def _start(client: TestClient, question: str = TEA) -> str:
    plan = {"question_ids": [question], "time_limit_s": 600}
    response = client.post("/api/rounds", json=plan)
    assert response.status_code == 201, response.text
    round_id: str = response.json()["id"]
    return round_id


def test_each_save_is_a_new_version_read_back_in_section_order(
    walk_client: TestClient, walk_clock: OffsetClock
) -> None:
    walk_clock.at(5)
    first = _put(walk_client, "steep", {"text": "four minutes"}, None)
    assert first.json() == {
        "section": "steep",
        "version": 1,
        "saved_at": walk_clock.now().isoformat(),
    }
    assert _saved(walk_client, "kettle", {"text": "boil", "diagram": "flowchart LR"}, None) == 1
    assert _saved(walk_client, "steep", {"text": "five minutes"}, 1) == 2
    drafts = _drafts(walk_client)
    assert [(d["section"], d["version"], d["content"]) for d in drafts] == [
        ("kettle", 1, {"text": "boil", "diagram": "flowchart LR"}),
        ("steep", 2, {"text": "five minutes"}),
    ]


def test_a_second_tab_gets_a_conflict_and_can_load_or_keep_its_text(
    walk_client: TestClient, walk_clock: OffsetClock
) -> None:
    assert _saved(walk_client, "serve", {"text": "tab A"}, None) == 1
    walk_clock.at(30)
    stale = _put(walk_client, "serve", {"text": "tab B"}, None)  # B never saw A's save
    assert (stale.status_code, stale.json()["code"]) == (409, "draft_conflict")
    current = stale.json()["current"]
    assert (current["content"], current["version"]) == ({"text": "tab A"}, 1)
    assert current["saved_at"] == T0.isoformat()  # when A saved it
    # B keeps its text: it saves again on top of the version it was shown
    assert _saved(walk_client, "serve", {"text": "tab B"}, current["version"]) == 2
    assert _saved(walk_client, "serve", {"text": "tab B"}, 1) == 2  # a retry: nothing new
    behind = _put(walk_client, "serve", {"text": "tab A, later"}, 1)  # A is behind now
    assert behind.status_code == 409
    assert behind.json()["current"]["content"] == {"text": "tab B"}
    ahead = _put(walk_client, "serve", {"text": "tab A"}, 7)
    assert (ahead.status_code, ahead.json()["current"]["version"]) == (409, 2)


def test_a_base_version_with_nothing_stored_is_a_conflict_with_no_current(
    walk_client: TestClient, walk_clock: OffsetClock
) -> None:
    refused = _put(walk_client, "main", {"text": "goodbye"}, 3, question=FAREWELL)
    assert (refused.status_code, refused.json()["current"]) == (409, None)


def test_sections_are_the_kinds_or_main(walk_client: TestClient, walk_clock: OffsetClock) -> None:
    unknown = _put(walk_client, "pour", {"text": "x"}, None)
    assert (unknown.status_code, unknown.json()["code"]) == (422, "unknown_section")
    assert "kettle, steep, serve" in unknown.json()["detail"]
    assert _put(walk_client, "kettle", {"text": "x"}, None, question=GREETING).status_code == 422
    saved = _put(walk_client, "main", {"text": "hello"}, None, question=GREETING)
    assert saved.status_code == 200
    absent = _put(walk_client, "main", {"text": "x"}, None, question="no-such-question")
    assert absent.status_code == 404


def test_drafts_belong_to_their_round_and_outlive_it(
    walk_client: TestClient, walk_clock: OffsetClock
) -> None:
    round_id = _start(walk_client, GREETING)
    saved = _put(walk_client, "main", {"text": "in the round"}, None, GREETING, round_id=round_id)
    assert saved.json()["version"] == 1  # a practice draft of the same section is another one
    walk_client.post(f"/api/rounds/{round_id}/finish")
    walk_clock.at(10_000)
    after = _put(walk_client, "main", {"text": "after it"}, 1, GREETING, round_id=round_id)
    assert after.json()["version"] == 2
    (in_round,) = _drafts(walk_client, GREETING, round_id=round_id)
    assert in_round["content"] == {"text": "after it"}
    assert all(d["content"] != {"text": "after it"} for d in _drafts(walk_client, GREETING))


def test_a_round_of_another_user_or_without_the_question_is_refused(
    walk_client: TestClient, walk_clock: OffsetClock
) -> None:
    store: Store = walk_client.app.state.store  # type: ignore[attr-defined]
    with store.session() as session:
        other = ensure_user(session, name="other").id
        stage = NewStage("Walk", [TEA], 600)
        theirs = create_staged_round(session, user_id=other, stages=[stage], now=T0).id
    assert _put(walk_client, "kettle", {"text": "x"}, None, round_id=theirs).status_code == 404
    assert walk_client.get(f"/api/questions/{TEA}/drafts?round_id={theirs}").status_code == 404
    elsewhere = _start(walk_client, GREETING)
    refused = _put(walk_client, "kettle", {"text": "x"}, None, round_id=elsewhere)
    assert (refused.status_code, refused.json()["code"]) == (422, "not_in_round")


@pytest.mark.parametrize(
    ("content", "status"),
    [
        ({f"field{n}": "x" for n in range(8)}, 200),
        ({f"field{n}": "x" for n in range(9)}, 422),
        ({"text": "x" * 20_000}, 200),
        ({"text": "x" * 20_001}, 422),
        ({f"field{n}": "é" * 20_000 for n in range(8)}, 413),  # 320 kB: over the body limit
    ],
    ids=["8_fields", "9_fields", "20000_chars", "20001_chars", "over_the_body_limit"],
)
def test_the_limits_of_a_draft(
    walk_client: TestClient, walk_clock: OffsetClock, content: dict[str, str], status: int
) -> None:
    section = ["kettle", "steep", "serve"][len(content) % 3]
    response = _put(walk_client, section, content, None, question=TEA, round_id=_start(walk_client))
    assert response.status_code == status, response.text
    if status == 422:
        assert response.json()["errors"][0]["field"].startswith("content")


def test_a_base_version_must_be_given_even_if_null(
    walk_client: TestClient, walk_clock: OffsetClock
) -> None:
    response = walk_client.put(f"/api/questions/{TEA}/drafts/kettle", json={"content": {}})
    assert (response.status_code, response.json()["errors"][0]["field"]) == (422, "base_version")


def test_drafts_survive_a_restart_on_the_same_state_file(
    tmp_path: Path, built_datasets: dict[str, DatasetInfo]
) -> None:
    settings = walk_settings(tmp_path)
    with TestClient(walk_app(settings)) as before:
        assert _saved(before, "kettle", {"text": "boil fresh water"}, None) == 1
    with TestClient(walk_app(settings)) as after:
        (draft,) = _drafts(after)
        assert (draft["content"], draft["version"]) == ({"text": "boil fresh water"}, 1)
        assert _saved(after, "kettle", {"text": "boil, then wait"}, 1) == 2


def test_a_first_save_that_loses_a_race_is_a_conflict(
    walk_client: TestClient, walk_clock: OffsetClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two tabs' first saves at once: the one whose read came before the other's write
    finds the row taken when it inserts, and is told what is stored."""
    round_id = _start(walk_client)
    assert _put(walk_client, "steep", {"text": "tab A"}, None, round_id=round_id).status_code == 200
    reads: list[None] = []

    def read_before_the_other_tab_wrote(session: Any, where: Any) -> Any:
        reads.append(None)
        return None if len(reads) == 1 else find_draft(session, where)

    monkeypatch.setattr(drafts, "find_draft", read_before_the_other_tab_wrote)
    lost = _put(walk_client, "steep", {"text": "tab B"}, None, round_id=round_id)
    assert (lost.status_code, lost.json()["code"]) == (409, "draft_conflict")
    assert lost.json()["current"]["content"] == {"text": "tab A"}
