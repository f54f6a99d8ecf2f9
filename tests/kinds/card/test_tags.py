"""The known tags file: one `tag = "meaning"` a line, anything else a content problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.bank.loader import BankError
from app.kinds.card.tags import load_tags, unknown_tags
from tests.kinds.card.conftest import TAGS_FILE


def test_the_built_in_tags_each_have_a_meaning() -> None:
    tags = load_tags(TAGS_FILE)
    assert {"postgresql", "window-functions", "system-design"} <= set(tags)
    assert all(meaning.strip() for meaning in tags.values())


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "lists no tag"),
        ('Window_Functions = "Ranking and frames"\n', "not lowercase-kebab"),
        ('retries = """Trying again.\nAnd again."""\n', "one-line meaning: retries"),
        ("[retries]\nmeaning = 'Trying again.'\n", "one-line meaning: retries"),
        ("retries = ", "cannot read the known tags"),
    ],
)
def test_a_malformed_tags_file_is_a_content_problem(text: str, reason: str, tmp_path: Path) -> None:
    (tmp_path / "tags.toml").write_text(text)
    with pytest.raises(BankError, match=reason) as error:
        load_tags(tmp_path / "tags.toml")
    assert [problem.field for problem in error.value.problems] == ["tags"]


def test_unknown_tags_keep_their_order() -> None:
    assert unknown_tags(["b", "http", "a"], {"http": "HTTP"}) == ["b", "a"]
