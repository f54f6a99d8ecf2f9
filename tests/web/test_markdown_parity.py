"""Markdown reads the same on a page the server renders and in the browser: a hint revealed in
the browser and the same hint rendered by the server on reload must be the same HTML. Every case
in tests/fixtures/markdown_cases.json, and every prompt, hint and explanation in the bank and the
example packs, goes through the server's filter and through frontend/src/markdown.js in Node."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tomllib
from pathlib import Path
from typing import Any

import pytest

from app.bank.loader import NOT_KINDS, NOT_QUESTIONS
from app.web.templating import markdown

ROOT = Path(__file__).parents[2]
FRONTEND = ROOT / "frontend"
BROWSER_MODULE = FRONTEND / "src" / "markdown.js"
CASES_FILE = ROOT / "tests" / "fixtures" / "markdown_cases.json"
PACKS = ROOT / "tests" / "fixtures" / "packs"
CONTENT_DIRS = [ROOT / "question_bank", *sorted(PACKS.glob("*/questions"))]
MARKDOWN_FIELDS = {"prompt", "hints", "explanation"}

# Reads a JSON list of Markdown texts on stdin and writes their HTML as a JSON list.
NODE_SCRIPT = """
import { readFileSync } from "node:fs";
const { renderMarkdown } = await import(process.env.DRILL_MARKDOWN_MODULE);
const texts = JSON.parse(readFileSync(0, "utf8"));
process.stdout.write(JSON.stringify(texts.map((text) => renderMarkdown(text))));
"""

# What must never come out of content: live tags, event handlers, script-bearing link schemes.
UNSAFE = re.compile(
    r"<(script|div|img|b|!--)[\s>]|<[^>]*\son\w+=|href=\"(javascript|vbscript|file|data):", re.I
)


def _content_cases() -> dict[str, str]:
    cases: dict[str, str] = {}
    for folder in CONTENT_DIRS:
        for path in sorted(folder.rglob("*.toml")):
            document = tomllib.loads(path.read_text(encoding="utf-8"))
            name = path.relative_to(ROOT).as_posix()
            cases.update(_markdown_fields(document, name))
    return cases


def _markdown_fields(node: Any, where: str) -> dict[str, str]:
    """Markdown fields at any depth, so kinds with stages or sections are covered too."""
    found: dict[str, str] = {}
    if isinstance(node, dict):
        for key, value in node.items():
            if key in MARKDOWN_FIELDS and isinstance(value, str):
                found[f"{where}:{key}"] = value
            elif key in MARKDOWN_FIELDS and isinstance(value, list):
                texts = enumerate(value)
                found.update({f"{where}:{key}[{i}]": t for i, t in texts if isinstance(t, str)})
            else:
                found.update(_markdown_fields(value, f"{where}:{key}"))
    elif isinstance(node, list):
        for index, item in enumerate(node):
            found.update(_markdown_fields(item, f"{where}[{index}]"))
    return found


FIXTURE_CASES: list[dict[str, Any]] = json.loads(CASES_FILE.read_text(encoding="utf-8"))
CONTENT_CASES = _content_cases()
ALL_CASES = {case["name"]: case["markdown"] for case in FIXTURE_CASES} | CONTENT_CASES
HOSTILE = [case["name"] for case in FIXTURE_CASES if case.get("hostile")]


def _unavailable(reason: str) -> None:
    # `make check` runs `make frontend` first, so in CI a missing Node is a broken set-up.
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}: `make frontend` installs it")
    pytest.skip(f"{reason} (make frontend installs it)")


@pytest.fixture(scope="module")
def browser_html() -> dict[str, str]:
    """Every case rendered by the browser's module, in one Node process."""
    node = shutil.which("node")
    if node is None:
        _unavailable("Node.js is not installed")
    if not (FRONTEND / "node_modules" / "markdown-it" / "package.json").exists():
        _unavailable("frontend/node_modules has no markdown-it")
    names = list(ALL_CASES)
    done = subprocess.run(
        [str(node), "--input-type=module", "--eval", NODE_SCRIPT],
        input=json.dumps([ALL_CASES[name] for name in names]),
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
        env={**os.environ, "DRILL_MARKDOWN_MODULE": BROWSER_MODULE.as_uri()},
    )
    rendered: list[str] = json.loads(done.stdout)
    return dict(zip(names, rendered, strict=True))


@pytest.mark.parametrize("name", list(ALL_CASES))
def test_server_and_browser_render_the_same_html(name: str, browser_html: dict[str, str]) -> None:
    assert browser_html[name] == str(markdown(ALL_CASES[name]))


@pytest.mark.parametrize("name", HOSTILE)
def test_raw_html_and_script_links_are_escaped_on_both_sides(
    name: str, browser_html: dict[str, str]
) -> None:
    # Hints reach the browser through the API; they must be as inert there as on the page.
    server = str(markdown(ALL_CASES[name]))
    assert UNSAFE.search(server) is None, server
    assert UNSAFE.search(browser_html[name]) is None, browser_html[name]


def test_every_question_file_is_compared() -> None:
    paths = [path for folder in CONTENT_DIRS for path in folder.rglob("*.toml")]
    files = {
        path.relative_to(ROOT).as_posix()
        for path in paths
        if path.name not in NOT_QUESTIONS and not NOT_KINDS & set(path.parts)
    }
    prompted = {name.split(":")[0] for name in CONTENT_CASES if name.endswith(":prompt")}
    assert len(files) >= 15
    assert prompted == files  # a deck's prompts are each compared, under questions[N]
    assert any(":hints[" in name for name in CONTENT_CASES)
    assert any(name.endswith(":explanation") for name in CONTENT_CASES)


def test_the_unsafe_pattern_catches_what_it_guards_against() -> None:
    for html in ["<script>x</script>", "<img src=x onerror=a()>", '<a href="javascript:x">']:
        assert UNSAFE.search(html) is not None
