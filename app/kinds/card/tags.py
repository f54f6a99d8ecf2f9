"""The known card tags (question_bank/card/tags.toml): each tag with its one-line meaning."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from app.bank.loader import BankError, ContentProblem

TAG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def load_tags(path: Path) -> dict[str, str]:
    """The tags of `path`, one `tag = "meaning"` a line at the top level; raise BankError
    naming what is wrong with it."""
    try:
        table = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise _bad(path, f"cannot read the known tags: {error}") from error
    if not table:
        raise _bad(path, 'lists no tag: one `tag = "meaning"` a line')
    bad = [tag for tag, meaning in table.items() if not _sound(tag, meaning)]
    if bad:
        raise _bad(path, f"not lowercase-kebab with a one-line meaning: {', '.join(bad)}")
    return {tag: str(meaning) for tag, meaning in table.items()}


def _bad(path: Path, reason: str) -> BankError:
    return BankError([ContentProblem(path, "tags", reason)])


def _sound(tag: str, meaning: object) -> bool:
    return bool(TAG.match(tag)) and isinstance(meaning, str) and _one_line(meaning)


def _one_line(meaning: str) -> bool:
    return bool(meaning.strip()) and "\n" not in meaning.strip()


def unknown_tags(tags: list[str], known: dict[str, str]) -> list[str]:
    return [tag for tag in tags if tag not in known]
