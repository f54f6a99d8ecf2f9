"""`python -m tests.fakellm` serves the fake by hand, its script read from a JSON file."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from tests.fakellm import Hang, Reply, Status, Truncated
from tests.fakellm.actions import Action, action_from_json
from tests.fakellm.conftest import FIXTURES

ROOT = Path(__file__).parents[2]
WAIT_S = 30  # only so that a broken server fails the test instead of hanging it


@pytest.mark.parametrize(
    ("entry", "action"),
    [
        ({"action": "reply", "content": {"a": 1}, "chunks": 2}, Reply({"a": 1}, chunks=2)),
        ({"action": "status", "code": 429, "headers": {"Retry-After": "7"}},
         Status(429, headers={"Retry-After": "7"})),
        ({"action": "hang"}, Hang()),
        ({"action": "truncated", "content": "{", "after_chars": 1}, Truncated("{", 1)),
    ],
)  # fmt: skip
def test_a_script_entry_names_its_action_and_gives_its_fields(
    entry: dict[str, object], action: Action
) -> None:
    assert action_from_json(entry) == action


@pytest.mark.parametrize(
    ("entry", "error"),
    [
        ({"code": 500}, "needs an 'action' among reply, status"),
        ({"action": "gate"}, "needs an 'action' among"),
        ({"action": "status", "status": 500}, "unexpected keyword argument 'status'"),
        (["status", 500], "needs an 'action'"),
    ],
)
def test_a_script_entry_that_is_not_an_action_is_refused(entry: object, error: str) -> None:
    with pytest.raises(ValueError, match=error):
        action_from_json(entry)


def test_the_command_plays_its_script_then_answers_with_the_responder(tmp_path: Path) -> None:
    script = tmp_path / "script.json"
    script.write_text(json.dumps([{"action": "status", "code": 503}]), encoding="utf-8")
    responder, script_file = ["--responder", "fabricating"], ["--script-file", str(script)]
    command = [sys.executable, "-m", "tests.fakellm", "--port", "0", *responder, *script_file]
    with subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, text=True) as server:
        assert server.stdout is not None
        base_url = server.stdout.readline().strip()
        try:
            first, second = (_grade(base_url) for _ in range(2))
        finally:
            server.send_signal(signal.SIGINT)
        assert server.wait(WAIT_S) == 0
    assert first.status_code == 503
    content = json.loads(second.json()["choices"][0]["message"]["content"])
    assert content["criteria"][-1]["criterion_id"] == "invented-0"


def _grade(base_url: str) -> httpx.Response:
    messages = [
        {"role": "system", "content": (FIXTURES / "system.txt").read_text(encoding="utf-8")},
        {"role": "user", "content": (FIXTURES / "user.md").read_text(encoding="utf-8")},
    ]
    body = {"model": "m", "messages": messages}
    return httpx.post(f"{base_url}/chat/completions", json=body, timeout=WAIT_S)
