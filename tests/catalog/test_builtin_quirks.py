"""The traps interview questions hinge on really are in the built-in data (see quirks.sql)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

Query = Callable[[str, str], list[tuple[Any, ...]]]
QUIRKS_FILE = Path(__file__).with_name("quirks.sql")
HEADER = re.compile(r"^-- (\w+): (.+)$", re.MULTILINE)


def _quirk_cases() -> list[Any]:
    text = QUIRKS_FILE.read_text("utf-8")
    headers = list(HEADER.finditer(text))
    cases = []
    for header, following in zip(headers, [*headers[1:], None], strict=True):
        end = following.start() if following else len(text)
        sql = text[header.end() : end].strip().rstrip(";")
        dataset, what = header.group(1), header.group(2)
        marks = [pytest.mark.slow] if dataset == "events" else []
        cases.append(pytest.param(dataset, sql, id=f"{dataset}: {what}", marks=marks))
    return cases


@pytest.mark.parametrize(("dataset", "sql"), _quirk_cases())
def test_quirk_is_present(query: Query, dataset: str, sql: str) -> None:
    assert query(dataset, sql) == [(True,)]


def test_quirks_file_has_a_check_for_every_dataset() -> None:
    datasets = {header.group(1) for header in HEADER.finditer(QUIRKS_FILE.read_text("utf-8"))}
    assert datasets == {"events", "ledger", "org", "shop"}
